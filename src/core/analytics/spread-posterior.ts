import { type MeanEstimate, type MeanObservation, normalLogLik } from "./normal-normal.js";
import { normalQuantile } from "./special.js";

/** A discrete posterior over the between-segment standard deviation tau: grid and weights. */
export interface SpreadPosterior {
  readonly tau: readonly number[];
  readonly weight: readonly number[];
  /** The maximum-likelihood tau^2 (the empirical-Bayes plug-in value). */
  readonly mode: number;
}

/**
 * Posterior of the between-segment spread tau on a grid (uniform prior on tau, as Gelman
 * recommends for hierarchical scales), so that intervals carry the doubt about how much segments
 * differ. Fewer than two groups with data give tau = 0 (the parent's estimate).
 */
export function spreadPosterior(groups: readonly MeanObservation[], points = 41): SpreadPosterior {
  const used = groups.filter((g) => g.mean !== null && Number.isFinite(g.mean));
  if (used.length < 2) return { tau: [0], weight: [1], mode: 0 };
  let spread = 0;
  for (const g of used) spread += ((g.mean as number) - g.priorMean) ** 2 + g.variance;
  const top = Math.sqrt(Math.max((10 * spread) / used.length, 1e-12));
  const tau = Array.from({ length: points }, (_, i) => (top * i) / (points - 1));
  const ll = tau.map((t) => normalLogLik(used, t * t));
  const best = Math.max(...ll);
  const raw = ll.map((x) => Math.exp(x - best));
  const total = raw.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(total) || total <= 0) return { tau: [0], weight: [1], mode: 0 };
  const t = tau[ll.indexOf(best)] ?? 0;
  return { tau, weight: raw.map((w) => w / total), mode: t * t };
}

/** A group's mean averaged over the spread posterior (normal mixture summarised by its moments). */
export function shrinkMeanMixed(
  obs: MeanObservation,
  posterior: SpreadPosterior,
  n: number,
  level = 0.9,
): MeanEstimate {
  let mean = 0;
  let second = 0;
  posterior.tau.forEach((t, g) => {
    const w = posterior.weight[g] ?? 0;
    if (w <= 0) return;
    const prior = t * t + obs.priorVariance;
    let m = obs.priorMean;
    let v = prior;
    if (obs.mean !== null && obs.variance > 0 && Number.isFinite(obs.variance)) {
      const k = prior / (prior + obs.variance);
      m = k * obs.mean + (1 - k) * obs.priorMean;
      v = k * obs.variance;
    }
    mean += w * m;
    second += w * (v + m * m);
  });
  const variance = Math.max(0, second - mean * mean);
  const z = normalQuantile(1 - (1 - level) / 2);
  const sd = Math.sqrt(variance);
  return { mean, variance, lo: mean - z * sd, hi: mean + z * sd, observed: obs.mean, n };
}
