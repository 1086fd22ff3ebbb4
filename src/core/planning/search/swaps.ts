import type { SearchContext } from "./context.js";
import { slotCost } from "./context.js";

/** Outcome of a swap search. */
export interface SwapResult {
  readonly swaps: number;
  readonly rounds: number;
}

/**
 * Pairwise exchanges between reps: a unit that would gain by moving from rep a to rep b, but
 * cannot alone because it would push a load out of its band, trades places with a unit of b for
 * which a is a candidate. Relocations stall exactly there when loads sit at their band edges
 * (every rep full, every move blocked), which is where a plan balanced to +-5% spends its time.
 *
 * Per round: each unit's two best wishes (u, a -> b) with a negative linear delta are listed by
 * rep pair; units of b whose linear delta back to a could pay for a wish are listed as offers; each pair's wishes
 * and offers are matched greedily in order of delta, each swap applied only when the full
 * delta (linear costs plus the load curves of both reps) is negative and the guards allow both
 * moves. Loads are kept incrementally. Rounds repeat until no swap is applied or the deadline.
 */
export function swapSearch(
  ctx: SearchContext,
  assign: Int32Array,
  loads: Float64Array,
  opts: { deadline: number; maxRounds?: number },
): SwapResult {
  const { p, mA, wA, lin, guards } = ctx;
  const { start, cand } = ctx.cands;
  for (const g of guards) g.sync?.(assign);
  const own = new Float64Array(p.n);
  let swaps = 0;
  let rounds = 0;
  const maxRounds = opts.maxRounds ?? 20;
  while (rounds < maxRounds && Date.now() < opts.deadline) {
    rounds++;
    // Wishes: each unit's two best moves with a negative linear delta, by directed pair a -> b.
    const pairId = new Map<number, number>();
    const pairA: number[] = [];
    const pairB: number[] = [];
    const pairBest: number[] = [];
    const wishes = new Rows(p.n);
    const pid = (a: number, b: number) => {
      const key = a * p.p + b;
      let id = pairId.get(key);
      if (id === undefined) {
        id = pairA.length;
        pairId.set(key, id);
        pairA.push(a);
        pairB.push(b);
        pairBest.push(0);
      }
      return id;
    };
    const wish = (u: number, a: number, b: number, d: number) => {
      const id = pid(a, b);
      pairBest[id] = Math.min(pairBest[id] ?? 0, d);
      wishes.push(u, id, d);
    };
    for (let u = 0; u < p.n; u++) {
      const a = assign[u] ?? 0;
      const ca = slotCost(ctx, u, a);
      own[u] = ca;
      let b1 = -1;
      let d1 = 0;
      let b2 = -1;
      let d2 = 0;
      for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++) {
        const b = cand[j] ?? 0;
        const d = (lin[j] ?? 0) - ca;
        if (b === a || d >= d2) continue;
        if (d < d1) {
          b2 = b1;
          d2 = d1;
          b1 = b;
          d1 = d;
        } else {
          b2 = b;
          d2 = d;
        }
      }
      if (b1 >= 0) wish(u, a, b1, d1);
      if (b2 >= 0) wish(u, a, b2, d2);
    }
    if (wishes.size === 0) break;
    // Offers: units v of b for which a is a candidate and whose delta back could pay for a wish.
    const offers = new Rows(p.n);
    for (let v = 0; v < p.n; v++) {
      const b = assign[v] ?? 0;
      for (let j = start[v] ?? 0; j < (start[v + 1] ?? 0); j++) {
        const a = cand[j] ?? 0;
        if (a === b) continue;
        const id = pairId.get(a * p.p + b);
        if (id === undefined) continue;
        const d = (lin[j] ?? 0) - (own[v] ?? 0);
        if (d + (pairBest[id] ?? 0) < 0) offers.push(v, id, d);
      }
    }
    const W = wishes.grouped(pairA.length);
    const O = offers.grouped(pairA.length);
    let applied = 0;
    let seen = 0;
    pairs: for (let id = 0; id < pairA.length; id++) {
      const o0 = O.start[id] ?? 0;
      const o1 = O.start[id + 1] ?? 0;
      if (o0 === o1) continue;
      const a = pairA[id] ?? 0;
      const b = pairB[id] ?? 0;
      const used = new Uint8Array(o1 - o0);
      for (let i = W.start[id] ?? 0; i < (W.start[id + 1] ?? 0); i++) {
        if ((++seen & 255) === 0 && Date.now() > opts.deadline) break pairs;
        const u = W.item[i] ?? 0;
        const du = W.delta[i] ?? 0;
        if (assign[u] !== a) continue;
        // Offers in order of their own delta; a few tries per wish (loads may not fit).
        let tries = 0;
        for (let k = o0; k < o1 && tries < 8; k++) {
          const dv = O.delta[k] ?? 0;
          if (du + dv >= 0) break;
          const v = O.item[k] ?? 0;
          if (used[k - o0] || assign[v] !== b) continue;
          tries++;
          if (exchangeDelta(ctx, loads, u, v, a, b) + du + dv >= -1e-12) continue;
          if (!guards.every((g) => g.canMove(u, a, b, assign))) break;
          assign[u] = b;
          for (const g of guards) g.moved?.(u, a, b, assign);
          if (!guards.every((g) => g.canMove(v, b, a, assign))) {
            assign[u] = a;
            for (const g of guards) g.moved?.(u, b, a, assign);
            continue;
          }
          assign[v] = a;
          for (const g of guards) g.moved?.(v, b, a, assign);
          for (let m = 0; m < mA; m++) {
            const x = (wA[u * mA + m] ?? 0) - (wA[v * mA + m] ?? 0);
            loads[a * mA + m] = (loads[a * mA + m] ?? 0) - x;
            loads[b * mA + m] = (loads[b * mA + m] ?? 0) + x;
          }
          used[k - o0] = 1;
          applied++;
          break;
        }
      }
    }
    swaps += applied;
    if (applied === 0) break;
  }
  return { swaps, rounds };
}

/** Change of the load curves of reps a and b when u goes a -> b and v goes b -> a. */
function exchangeDelta(
  ctx: SearchContext,
  loads: Float64Array,
  u: number,
  v: number,
  a: number,
  b: number,
): number {
  const { mA, wA, curves } = ctx;
  let d = 0;
  for (let m = 0; m < mA; m++) {
    const x = (wA[u * mA + m] ?? 0) - (wA[v * mA + m] ?? 0);
    const ia = a * mA + m;
    const ib = b * mA + m;
    const la = loads[ia] ?? 0;
    const lb = loads[ib] ?? 0;
    d += curves.value(ia, la - x) - curves.value(ia, la);
    d += curves.value(ib, lb + x) - curves.value(ib, lb);
  }
  return d;
}

/** Growable (item, group, delta) rows, grouped by a counting sort and sorted by delta in each group. */
class Rows {
  private it: Int32Array;
  private gr: Int32Array;
  private de: Float64Array;
  size = 0;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.it = new Int32Array(c);
    this.gr = new Int32Array(c);
    this.de = new Float64Array(c);
  }

  push(item: number, group: number, delta: number): void {
    if (this.size === this.it.length) {
      const c = this.size * 2;
      const it = new Int32Array(c);
      it.set(this.it);
      this.it = it;
      const gr = new Int32Array(c);
      gr.set(this.gr);
      this.gr = gr;
      const de = new Float64Array(c);
      de.set(this.de);
      this.de = de;
    }
    this.it[this.size] = item;
    this.gr[this.size] = group;
    this.de[this.size] = delta;
    this.size++;
  }

  grouped(groups: number): { start: Int32Array; item: Int32Array; delta: Float64Array } {
    const start = new Int32Array(groups + 1);
    for (let i = 0; i < this.size; i++) {
      const g = this.gr[i] ?? 0;
      start[g + 1] = (start[g + 1] ?? 0) + 1;
    }
    for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] ?? 0) + (start[g] ?? 0);
    const fill = start.slice(0, groups);
    const order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const g = this.gr[i] ?? 0;
      order[fill[g] ?? 0] = i;
      fill[g] = (fill[g] ?? 0) + 1;
    }
    const de = this.de;
    for (let g = 0; g < groups; g++) {
      const s = start[g] ?? 0;
      const e = start[g + 1] ?? 0;
      if (e - s > 1) order.subarray(s, e).sort((x, y) => (de[x] ?? 0) - (de[y] ?? 0));
    }
    const item = new Int32Array(this.size);
    const delta = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const o = order[i] ?? 0;
      item[i] = this.it[o] ?? 0;
      delta[i] = de[o] ?? 0;
    }
    return { start, item, delta };
  }
}
