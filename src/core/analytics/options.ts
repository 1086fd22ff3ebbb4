/** Assumptions and settings of the customer analytics; every one is a parameter. */
export interface IcpOptions {
  /** Gross margin on recurring revenue used in lifetime value. */
  readonly margin: number;
  /** Longest customer lifetime counted, in years: caps 1 / annual churn. */
  readonly maxLifetimeYears: number;
  /** Annual logo churn assumed when the data hold no revenue history to measure it. */
  readonly churnWhenUnknown: number;
  /** Probability mass of the reported credible intervals. */
  readonly level: number;
  /** Posterior probability of beating the average needed for tier A (and of trailing it for D). */
  readonly tierConfidence: number;
  /** Quantile of current spend among a segment's customers taken as a customer's potential. */
  readonly potentialQuantile: number;
  /**
   * Treat dimensions as crossed: a segment's prior is its parent moved by its own last
   * dimension's effect across all segments (so "energy x 5,000+" borrows from 5,000+ everywhere).
   * Off: strictly nested shrinkage toward the parent only.
   */
  readonly crossedDimensions: boolean;
}

/** Defaults: common SaaS planning assumptions, to be overridden per business. */
export const DEFAULT_ICP_OPTIONS: IcpOptions = {
  margin: 0.8,
  maxLifetimeYears: 10,
  churnWhenUnknown: 0.15,
  level: 0.9,
  tierConfidence: 0.9,
  potentialQuantile: 0.8,
  crossedDimensions: true,
};
