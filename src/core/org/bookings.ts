/**
 * A rep's bookings in a period as a distribution: what quotas are set from. Each variant is a
 * small object with a mean, a quantile function and a CDF: simulated draws of the territory's
 * accounts (scored potential), or the forecast's P10/P50/P90 and mean (when a forecast exists),
 * and a scaled copy for reps still ramping.
 */
import { seeded } from "../random.js";

/** The distribution of one rep's bookings in a period. */
export interface Bookings {
  readonly mean: number;
  /** The q-quantile (0 <= q <= 1), non-decreasing and continuous in q. */
  quantile(q: number): number;
  /** P(bookings < x). */
  below(x: number): number;
}

/** The empirical distribution of simulated draws (quantiles interpolated between order statistics). */
export function sampleBookings(draws: ArrayLike<number>): Bookings {
  const s = Float64Array.from(draws).sort();
  const n = s.length;
  if (n === 0) return pointBookings(0);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    mean: sum / n,
    quantile(q) {
      const h = Math.min(Math.max(q, 0), 1) * (n - 1);
      const i = Math.floor(h);
      const a = s[i] ?? 0;
      const b = s[Math.min(i + 1, n - 1)] ?? a;
      return a + (h - i) * (b - a);
    },
    below(x) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((s[mid] ?? 0) < x) lo = mid + 1;
        else hi = mid;
      }
      return lo / n;
    },
  };
}

/** Bookings known for certain (e.g. a rep with no territory yet: 0). */
export function pointBookings(v: number): Bookings {
  return { mean: v, quantile: () => v, below: (x) => (v < x ? 1 : 0) };
}

/**
 * From a forecast's summary: piecewise-linear quantile function through (0.1, P10), (0.5, P50),
 * (0.9, P90), with tails to 0 at q = 0 and, at q = 1, as far above P90 as the mean's excess over
 * P50 requires (at least P90 + (P90 - P50)).
 */
export function forecastBookings(f: {
  readonly mean: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}): Bookings {
  const p10 = Math.max(0, f.p10);
  const p50 = Math.max(p10, f.p50);
  const p90 = Math.max(p50, f.p90);
  // The mean of the piecewise-linear quantile function is the integral over q; the upper end is
  // chosen so that it matches the forecast's mean where it can.
  const body = 0.05 * p10 + 0.2 * (p10 + p50) + 0.2 * (p50 + p90);
  const top = Math.max(p90 + (p90 - p50), (f.mean - body) / 0.05 - p90);
  const qs = [0, 0.1, 0.5, 0.9, 1];
  const vs = [Math.min(p10, 0), p10, p50, p90, top];
  return piecewise(qs, vs);
}

function piecewise(qs: readonly number[], vs: readonly number[]): Bookings {
  let mean = 0;
  for (let i = 1; i < qs.length; i++)
    mean += (((qs[i] ?? 0) - (qs[i - 1] ?? 0)) * ((vs[i] ?? 0) + (vs[i - 1] ?? 0))) / 2;
  return {
    mean,
    quantile(q) {
      const c = Math.min(Math.max(q, 0), 1);
      for (let i = 1; i < qs.length; i++) {
        const q1 = qs[i] ?? 1;
        if (c <= q1) {
          const q0 = qs[i - 1] ?? 0;
          const v0 = vs[i - 1] ?? 0;
          return q1 === q0 ? v0 : v0 + ((c - q0) * ((vs[i] ?? 0) - v0)) / (q1 - q0);
        }
      }
      return vs[vs.length - 1] ?? 0;
    },
    below(x) {
      if (x <= (vs[0] ?? 0)) return 0;
      for (let i = 1; i < qs.length; i++) {
        const v1 = vs[i] ?? 0;
        if (x <= v1) {
          const v0 = vs[i - 1] ?? 0;
          const q0 = qs[i - 1] ?? 0;
          return v1 === v0 ? q0 : q0 + ((x - v0) * ((qs[i] ?? 0) - q0)) / (v1 - v0);
        }
      }
      return 1;
    },
  };
}

/** `b` scaled by a factor (a ramping rep expected to book `factor` of a full rep's territory). */
export function scaledBookings(b: Bookings, factor: number): Bookings {
  if (factor === 1) return b;
  if (!(factor > 0)) return pointBookings(0);
  return {
    mean: b.mean * factor,
    quantile: (q) => b.quantile(q) * factor,
    below: (x) => b.below(x / factor),
  };
}

/** One account's chance of booking in the period and the amount it books then. */
export interface AccountChance {
  readonly p: number;
  readonly amount: number;
}

/**
 * Simulated bookings of a territory: each draw books each account's amount with its
 * probability (independent accounts), from a seeded generator.
 */
export function simulateBookings(
  chances: readonly AccountChance[],
  draws = 2000,
  seed = 1,
): Bookings {
  const out = new Float64Array(draws);
  const rng = seeded(seed);
  for (const c of chances) {
    if (!(c.p > 0) || !(c.amount > 0)) continue;
    for (let d = 0; d < draws; d++) if (rng.next() < c.p) out[d] = (out[d] ?? 0) + c.amount;
  }
  return sampleBookings(out);
}
