import { betaCdf } from "../../analytics/special.js";

/** A Gamma(shape, rate) prior on a weekly event rate. */
export interface GammaPrior {
  readonly shape: number;
  readonly rate: number;
}

/** Floor on a group's mean weekly rate, so that silent groups still give a proper prior. */
const MIN_RATE = 1e-3;

/**
 * Fit a gamma prior on weekly rates to event counts observed over `weeks` weeks each (method of
 * moments of the Poisson-gamma mixture; no extra spread beyond Poisson gives a tight prior).
 */
export function fitGammaPrior(counts: ArrayLike<number>, weeks: number): GammaPrior {
  const n = counts.length;
  if (n === 0 || weeks <= 0) return { shape: 1, rate: 1 / MIN_RATE };
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i] ?? 0;
    s += c;
    s2 += c * c;
  }
  const meanCount = s / n;
  const varCount = n > 1 ? (s2 - n * meanCount * meanCount) / (n - 1) : 0;
  const m = Math.max(meanCount / weeks, MIN_RATE);
  const v = Math.max((varCount - meanCount) / (weeks * weeks), (m * m) / 1e4);
  return { shape: (m * m) / v, rate: m / v };
}

/**
 * P(X >= c) for the negative binomial predictive of events in `weeks` weeks under a
 * Gamma(shape, rate) rate: NB(r = shape, p = rate / (rate + weeks)).
 */
export function upperTail(c: number, prior: GammaPrior, weeks: number): number {
  if (c <= 0) return 1;
  const p = prior.rate / (prior.rate + weeks);
  // P(X <= k) = I_p(r, k + 1), so P(X >= c) = 1 - I_p(r, c) = I_{1-p}(c, r).
  return Math.min(1, Math.max(0, betaCdf(1 - p, c, prior.shape)));
}

/** The posterior after `count` events in `weeks` weeks. */
export function updateGamma(prior: GammaPrior, count: number, weeks: number): GammaPrior {
  return { shape: prior.shape + count, rate: prior.rate + weeks };
}
