import { betaQuantile, goldenMax, lbeta } from "./special.js";

/** Successes out of trials in one group, and the prior mean of its rate (its parent's rate). */
export interface RateObservation {
  readonly successes: number;
  readonly trials: number;
  readonly priorMean: number;
}

/** A shrunk rate: the Beta posterior, its mean and a central credible interval. */
export interface RateEstimate {
  readonly a: number;
  readonly b: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Observed rate (successes / trials), null without trials. */
  readonly observed: number | null;
  readonly trials: number;
}

/** Bounds of the prior concentration (prior "pseudo trials"); the top means full pooling. */
export const CONCENTRATION_RANGE = { min: 0.5, max: 1e5 } as const;

const clampMean = (m: number) => Math.min(1 - 1e-6, Math.max(1e-6, m));

/** Beta-binomial log marginal likelihood of the groups for concentration `kappa`. */
export function betaBinomialLogLik(groups: readonly RateObservation[], kappa: number): number {
  let ll = 0;
  for (const g of groups) {
    if (g.trials <= 0) continue;
    const m = clampMean(g.priorMean);
    const a = kappa * m;
    const b = kappa * (1 - m);
    ll += lbeta(g.successes + a, g.trials - g.successes + b) - lbeta(a, b);
  }
  return ll;
}

/**
 * Empirical Bayes: the prior concentration (a + b) that maximises the beta-binomial marginal
 * likelihood of sibling groups around their parents' means. Groups that do not differ more than
 * chance allows give the upper bound (full pooling toward the parent).
 */
export function fitConcentration(groups: readonly RateObservation[]): number {
  const used = groups.filter((g) => g.trials > 0);
  if (used.length < 2) return CONCENTRATION_RANGE.max;
  const lo = Math.log(CONCENTRATION_RANGE.min);
  const hi = Math.log(CONCENTRATION_RANGE.max);
  const best = goldenMax((lk) => betaBinomialLogLik(used, Math.exp(lk)), lo, hi);
  return Math.exp(best);
}

/**
 * The concentration of a child's prior once its parent's own uncertainty (posterior variance
 * `parentVariance`) is added to the between-segment spread (moment matching): never above `kappa`.
 */
export function widenConcentration(kappa: number, mean: number, parentVariance: number): number {
  const m = clampMean(mean);
  const v = (m * (1 - m)) / (kappa + 1) + Math.max(0, parentVariance);
  return Math.max(1e-3, Math.min(kappa, (m * (1 - m)) / v - 1));
}

/** Posterior variance of a Beta(a, b) rate. */
export function rateVariance(r: RateEstimate): number {
  const s = r.a + r.b;
  return (r.a * r.b) / (s * s * (s + 1));
}

/** Beta posterior of one group's rate under the prior Beta(kappa m, kappa (1 - m)). */
export function shrinkRate(
  successes: number,
  trials: number,
  priorMean: number,
  kappa: number,
  level = 0.9,
): RateEstimate {
  const m = clampMean(priorMean);
  const a = kappa * m + successes;
  const b = kappa * (1 - m) + (trials - successes);
  const tail = (1 - level) / 2;
  return {
    a,
    b,
    mean: a / (a + b),
    lo: betaQuantile(tail, a, b),
    hi: betaQuantile(1 - tail, a, b),
    observed: trials > 0 ? successes / trials : null,
    trials,
  };
}

/** The rate of a root group: Jeffreys prior Beta(1/2, 1/2), no pooling. */
export function rootRate(successes: number, trials: number, level = 0.9): RateEstimate {
  const a = successes + 0.5;
  const b = trials - successes + 0.5;
  const tail = (1 - level) / 2;
  return {
    a,
    b,
    mean: a / (a + b),
    lo: betaQuantile(tail, a, b),
    hi: betaQuantile(1 - tail, a, b),
    observed: trials > 0 ? successes / trials : null,
    trials,
  };
}
