import {
  betaBinomialLogLik,
  CONCENTRATION_RANGE,
  type RateEstimate,
  type RateObservation,
  widenConcentration,
} from "./beta-binomial.js";
import { betaQuantile } from "./special.js";

/** A discrete posterior over the prior concentration: grid points and their weights (sum 1). */
export interface ConcentrationPosterior {
  readonly kappa: readonly number[];
  readonly weight: readonly number[];
  /** The maximum-likelihood concentration (the empirical-Bayes plug-in value). */
  readonly mode: number;
}

/**
 * Posterior of the prior concentration kappa = a + b on a log grid, so that segment intervals
 * carry the uncertainty of how much segments differ instead of trusting one fitted value. The
 * hyper-prior p(kappa) ~ kappa^(-3/2) (Gelman et al., BDA 5.3) keeps the posterior proper: the
 * likelihood flattens out as kappa grows, and a flat prior would pile mass on full pooling.
 * Fewer than two groups with data give full pooling.
 */
export function concentrationPosterior(
  groups: readonly RateObservation[],
  points = 49,
): ConcentrationPosterior {
  const used = groups.filter((g) => g.trials > 0);
  if (used.length < 2)
    return { kappa: [CONCENTRATION_RANGE.max], weight: [1], mode: CONCENTRATION_RANGE.max };
  const lo = Math.log(CONCENTRATION_RANGE.min);
  const hi = Math.log(CONCENTRATION_RANGE.max);
  const kappa = Array.from({ length: points }, (_, i) =>
    Math.exp(lo + ((hi - lo) * i) / (points - 1)),
  );
  const ll = kappa.map((k) => betaBinomialLogLik(used, k));
  // Grid uniform in log kappa: the density kappa^(-3/2) becomes kappa^(-1/2) per grid step.
  const lp = ll.map((x, i) => x - 0.5 * Math.log(kappa[i] ?? 1));
  const topPost = Math.max(...lp);
  const top = Math.max(...ll);
  const raw = lp.map((x) => Math.exp(x - topPost));
  const total = raw.reduce((a, b) => a + b, 0);
  const keep = raw.map((w) => w / total).map((w) => (w < 1e-6 ? 0 : w));
  const sum = keep.reduce((a, b) => a + b, 0);
  const mode = kappa[ll.indexOf(top)] ?? CONCENTRATION_RANGE.max;
  return { kappa, weight: keep.map((w) => w / sum), mode };
}

/**
 * A group's rate averaged over the concentration posterior: the mixture of Beta posteriors,
 * summarised by the Beta with the same mean and variance (its interval from that Beta).
 */
export function shrinkRateMixed(
  successes: number,
  trials: number,
  priorMean: number,
  parentVariance: number,
  posterior: ConcentrationPosterior,
  level = 0.9,
): RateEstimate {
  let mean = 0;
  let second = 0;
  posterior.kappa.forEach((k, g) => {
    const w = posterior.weight[g] ?? 0;
    if (w <= 0) return;
    const kk = widenConcentration(k, priorMean, parentVariance);
    const m = Math.min(1 - 1e-6, Math.max(1e-6, priorMean));
    const a = kk * m + successes;
    const b = kk * (1 - m) + (trials - successes);
    const mu = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    mean += w * mu;
    second += w * (v + mu * mu);
  });
  const variance = Math.max(1e-15, second - mean * mean);
  const s = Math.max(1e-6, (mean * (1 - mean)) / variance - 1);
  const a = mean * s;
  const b = (1 - mean) * s;
  const tail = (1 - level) / 2;
  return {
    a,
    b,
    mean,
    lo: betaQuantile(tail, a, b),
    hi: betaQuantile(1 - tail, a, b),
    observed: trials > 0 ? successes / trials : null,
    trials,
  };
}
