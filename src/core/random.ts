/**
 * The one seeded random module. Hand-written because results must be reproducible from a seed
 * (tests, benches, synthetic markets, solvers) and Math.random cannot be seeded; the generators
 * are a dozen lines each.
 *
 * Usage:
 * - `seeded(seed)`: the default generator (mulberry32) for a seed.
 * - `seededStream(seed, stream)`: independent streams of one seed (per account, per file...).
 * - `sfc32(seed)`: a longer-period generator (sfc32 seeded by splitmix32), for long searches.
 * - Every generator has next() in [0, 1), int(n), chance(p), normal(), lognormal(mu, sigma),
 *   poisson(mean), pick(items), shuffle(array); `WeightedSampler` draws indices by weight.
 * The streams are fixed forever (test/random.test.ts holds their hashes): never change a
 * generator's arithmetic or seeding; add a new one instead. Never use Math.random in src.
 */

/** What every seeded generator offers; subclasses supply `next()`. */
export abstract class RandomSource {
  /** Uniform in [0, 1). */
  abstract next(): number;

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given log-mean and log-sd. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson (inversion for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Shuffle in place (Fisher-Yates). */
  shuffle<T extends { [i: number]: number; length: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    return a;
  }
}

/** mulberry32 from a 32-bit state. */
export class Mulberry32 extends RandomSource {
  private s: number;

  /** Starts from `state` as is; see `seeded` and `seededStream` for seeding. */
  constructor(state: number) {
    super();
    // Held as a signed 32-bit integer (the same bits, the same stream): V8 keeps it unboxed, which
    // makes next() about twice as fast in hot loops as an unsigned state above 2^31.
    this.s = state | 0;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** sfc32 seeded by splitmix32 (a 128-bit state), with 12 warm-up draws. */
export class Sfc32 extends RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    super();
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  next(): number {
    return this.u32() / 4294967296;
  }
}

/** splitmix32 of one value (a well-mixed 32-bit seed from any integer). */
export function splitmix32(a: number): number {
  a = (a + 0x9e3779b9) | 0;
  let z = a;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The default generator of a seed (mulberry32, state = seed xor the golden ratio). */
export function seeded(seed: number): Mulberry32 {
  return new Mulberry32((seed ^ 0x9e3779b9) >>> 0);
}

/** Stream `stream` of a seed: independent generators per account, file or part. */
export function seededStream(seed: number, stream = 0): Mulberry32 {
  return new Mulberry32(splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9)));
}

/** A long-period generator of a seed (sfc32). */
export function sfc32(seed: number): Sfc32 {
  return new Sfc32(seed);
}

/** Samples indices proportionally to weights (cumulative table + binary search). */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += Math.max(0, weights[i] ?? 0);
      this.cumulative[i] = total;
    }
  }

  sample(rng: RandomSource): number {
    const c = this.cumulative;
    const x = rng.next() * (c[c.length - 1] ?? 0);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
