import type { MeanEstimate } from "./normal-normal.js";

/** A money or duration figure with its credible interval and the unshrunk value. */
export interface Amount {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** The segment's own (unshrunk) figure, null without data. */
  readonly observed: number | null;
  /** Observations behind it. */
  readonly n: number;
}

/** Mean of a log-normal quantity from a shrunk mean of its logarithm (within variance `s2`). */
export function lognormalMean(e: MeanEstimate, s2: number): Amount {
  const c = s2 / 2;
  return {
    mean: Math.exp(e.mean + c),
    lo: Math.exp(e.lo + c),
    hi: Math.exp(e.hi + c),
    observed: e.observed === null ? null : Math.exp(e.observed + c),
    n: e.n,
  };
}

/** Median of a log-normal quantity from a shrunk mean of its logarithm. */
export function lognormalMedian(e: MeanEstimate): Amount {
  return {
    mean: Math.exp(e.mean),
    lo: Math.exp(e.lo),
    hi: Math.exp(e.hi),
    observed: e.observed === null ? null : Math.exp(e.observed),
    n: e.n,
  };
}
