import { goldenMax, normalQuantile } from "./special.js";

/** A group's sample mean with its sampling variance, and its parent's estimate. */
export interface MeanObservation {
  /** Sample mean; null when the group has no data. */
  readonly mean: number | null;
  /** Sampling variance of the mean (within-group variance / n). */
  readonly variance: number;
  readonly priorMean: number;
  /** Uncertainty of the parent's estimate itself. */
  readonly priorVariance: number;
}

/** A shrunk mean with its posterior variance and a central credible interval. */
export interface MeanEstimate {
  readonly mean: number;
  readonly variance: number;
  readonly lo: number;
  readonly hi: number;
  /** The group's own sample mean, null without data. */
  readonly observed: number | null;
  readonly n: number;
}

/** Marginal log-likelihood of sibling means around their parents for between variance tau^2. */
export function normalLogLik(groups: readonly MeanObservation[], tau2: number): number {
  let ll = 0;
  for (const g of groups) {
    if (g.mean === null) continue;
    const v = Math.max(1e-300, g.variance + tau2 + g.priorVariance);
    ll += -0.5 * Math.log(v) - (g.mean - g.priorMean) ** 2 / (2 * v);
  }
  return ll;
}

/**
 * Empirical Bayes for a normal-normal hierarchy: the between-group variance tau^2 that maximises
 * the marginal likelihood of sibling groups around their parents (0 when they do not differ more
 * than their sampling noise explains).
 */
export function fitBetweenVariance(groups: readonly MeanObservation[]): number {
  const used = groups.filter((g) => g.mean !== null && Number.isFinite(g.mean));
  if (used.length < 2) return 0;
  let spread = 0;
  for (const g of used) spread += ((g.mean as number) - g.priorMean) ** 2 + g.variance;
  spread = Math.max(spread / used.length, 1e-12);
  const lo = Math.log(spread * 1e-6);
  const hi = Math.log(spread * 10);
  const t = Math.exp(goldenMax((lt) => normalLogLik(used, Math.exp(lt)), lo, hi));
  return normalLogLik(used, 0) >= normalLogLik(used, t) ? 0 : t;
}

/** Posterior of one group's mean under the prior N(parent, tau^2 + parent's own variance). */
export function shrinkMean(
  obs: MeanObservation,
  tau2: number,
  n: number,
  level = 0.9,
): MeanEstimate {
  const z = normalQuantile(1 - (1 - level) / 2);
  let mean: number;
  let variance: number;
  const prior = tau2 + obs.priorVariance;
  if (obs.mean === null || !(obs.variance > 0) || !Number.isFinite(obs.variance)) {
    mean = obs.priorMean;
    variance = prior;
  } else {
    const w = prior / (prior + obs.variance);
    mean = w * obs.mean + (1 - w) * obs.priorMean;
    variance = w * obs.variance;
  }
  const sd = Math.sqrt(Math.max(0, variance));
  return { mean, variance, lo: mean - z * sd, hi: mean + z * sd, observed: obs.mean, n };
}

/** The mean of a root group with its own sampling variance (no pooling). */
export function rootMean(
  mean: number | null,
  variance: number,
  n: number,
  level = 0.9,
): MeanEstimate {
  const z = normalQuantile(1 - (1 - level) / 2);
  const m = mean ?? 0;
  const v = mean === null ? Number.POSITIVE_INFINITY : variance;
  const sd = Math.sqrt(v);
  return { mean: m, variance: v, lo: m - z * sd, hi: m + z * sd, observed: mean, n };
}
