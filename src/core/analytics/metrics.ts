import type { ClusterSums, SegmentStats } from "./facts.js";
import { additiveOffsets, marginals } from "./marginal.js";
import type { IcpOptions } from "./options.js";
import {
  type LogSums,
  type RatioSums,
  shrinkMeansInTree,
  shrinkRatesInTree,
  shrinkRatiosInTree,
  type TreeMeans,
  type TreeRates,
} from "./shrink-tree.js";
import type { SegmentTree } from "./tree.js";

/** Every shrunk metric of every segment of a tree. */
export interface SegmentMetrics {
  /** New-business win rate. */
  readonly win: TreeRates;
  /** ln of won new-business amounts (ACV), of cycle days, of current ARR per customer. */
  readonly acv: TreeMeans;
  readonly cyc: TreeMeans;
  readonly arr: TreeMeans;
  /** Logo retention and expansion of last year's customers. */
  readonly ret: TreeRates;
  readonly exp: TreeRates;
  /** Net and gross revenue retention (ratios of revenue totals). */
  readonly nrr: TreeMeans;
  readonly grr: TreeMeans;
}

const logit = (p: number) => {
  const r = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(r / (1 - r));
};
const identity = (x: number) => x;
const logSums = (n: number, sum: number, sq: number) => ({ n, sum, sq });

/**
 * Shrink every metric of the tree's segments (hierarchical empirical Bayes), with crossed-
 * dimension prior offsets when the options ask for them.
 */
export function segmentMetrics(tree: SegmentTree, o: IcpOptions): SegmentMetrics {
  const lvl = o.level;
  const m = o.crossedDimensions ? marginals(tree) : null;
  const rates = (
    succ: (s: SegmentStats) => number,
    trials: (s: SegmentStats) => number,
    clusters?: (s: SegmentStats) => ClusterSums,
  ) => {
    const run = (t: SegmentTree, off?: (node: number) => number) =>
      shrinkRatesInTree(t, succ, trials, lvl, clusters, off);
    return run(tree, m ? additiveOffsets(tree, m, (t) => run(t).estimates, logit) : undefined);
  };
  const means = (
    sums: (s: SegmentStats) => LogSums,
    clusters?: (s: SegmentStats) => ClusterSums,
  ) => {
    const run = (t: SegmentTree, off?: (node: number) => number) =>
      shrinkMeansInTree(t, sums, lvl, clusters, off);
    return run(tree, m ? additiveOffsets(tree, m, (t) => run(t).estimates, identity) : undefined);
  };
  const ratios = (sums: (s: SegmentStats) => RatioSums) => {
    const run = (t: SegmentTree, off?: (node: number) => number) =>
      shrinkRatiosInTree(t, sums, lvl, off);
    return run(tree, m ? additiveOffsets(tree, m, (t) => run(t).estimates, identity) : undefined);
  };
  const win = rates(
    (s) => s.newWon,
    (s) => s.newWon + s.newLost,
    (s) => s.win,
  );
  const acv = means(
    (s) => logSums(s.amountN, s.logAmountSum, s.logAmountSq),
    (s) => s.amount,
  );
  const cyc = means(
    (s) => logSums(s.cycleN, s.logCycleSum, s.logCycleSq),
    (s) => s.cycle,
  );
  const arr = means((s) => logSums(s.customers, s.logArrSum, s.logArrSq));
  const ret = rates(
    (s) => s.retained,
    (s) => s.cohort,
  );
  const exp = rates(
    (s) => s.expanded,
    (s) => s.cohort,
  );
  const ratio = (b: (s: SegmentStats) => [number, number, number]) => (s: SegmentStats) => {
    const [sb, sab, sbb] = b(s);
    return { n: s.cohort, a: s.cohortA, b: sb, aa: s.cohortAA, ab: sab, bb: sbb };
  };
  const nrr = ratios(ratio((s) => [s.cohortB, s.cohortAB, s.cohortBB]));
  const grr = ratios(ratio((s) => [s.cohortK, s.cohortAK, s.cohortKK]));
  return { win, acv, cyc, arr, ret, exp, nrr, grr };
}
