import type { RateEstimate } from "./beta-binomial.js";
import type { MeanEstimate } from "./normal-normal.js";

/** A positive quantity as a log-scale normal approximation: ln(value) ~ N(logMean, logVariance). */
export interface LogValue {
  readonly logMean: number;
  readonly logVariance: number;
}

/** ln of a Beta-distributed rate, by the delta method. */
export function logRate(r: RateEstimate): LogValue {
  const s = r.a + r.b;
  const mean = r.a / s;
  const v = (r.a * r.b) / (s * s * (s + 1));
  return { logMean: Math.log(mean), logVariance: v / (mean * mean) };
}

/** ln of a log-normal mean, from the shrunk mean of the logarithm and the within variance. */
export function logLognormalMean(e: MeanEstimate, within: number): LogValue {
  return {
    logMean: e.mean + within / 2,
    logVariance: Number.isFinite(e.variance) ? e.variance : 0,
  };
}

/**
 * ln of the expected customer lifetime in years, 1 / (1 - retention), capped at `maxYears`;
 * the cap removes the uncertainty it hides.
 */
export function logLifetime(retention: RateEstimate, maxYears: number): LogValue {
  const l = logRate({ ...retention, a: retention.b, b: retention.a });
  const years = Math.exp(-l.logMean);
  if (years >= maxYears) return { logMean: Math.log(maxYears), logVariance: 0 };
  return { logMean: -l.logMean, logVariance: l.logVariance };
}

/** Product of independent positive quantities on the log scale. */
export function logProduct(...xs: readonly LogValue[]): LogValue {
  let m = 0;
  let v = 0;
  for (const x of xs) {
    m += x.logMean;
    v += x.logVariance;
  }
  return { logMean: m, logVariance: v };
}
