import {
  fitConcentration,
  type RateEstimate,
  type RateObservation,
  rateVariance,
  rootRate,
} from "./beta-binomial.js";
import { concentrationPosterior, shrinkRateMixed } from "./concentration-posterior.js";
import { clusterResidual, designEffect } from "./design-effect.js";
import type { ClusterSums, SegmentStats } from "./facts.js";
import { get } from "./get.js";
import {
  fitBetweenVariance,
  type MeanEstimate,
  type MeanObservation,
  rootMean,
} from "./normal-normal.js";
import { shrinkMeanMixed, spreadPosterior } from "./spread-posterior.js";
import type { SegmentTree } from "./tree.js";

/** A rate moved by `offset` on the logit scale. */
function shiftRate(rate: number, offset: number): number {
  if (offset === 0) return rate;
  const r = Math.min(1 - 1e-9, Math.max(1e-9, rate));
  return 1 / (1 + Math.exp(-(Math.log(r / (1 - r)) + offset)));
}

/** Rates of every node, and the prior concentration fitted for each level (index 0 unused). */
export interface TreeRates {
  readonly estimates: readonly RateEstimate[];
  readonly concentration: readonly number[];
  /** Design effect of deals grouped by account: counts were divided by it (1 = independent). */
  readonly designEffect: number;
}

/** Means of every node, the between-segment variance and pooled within variance per level. */
export interface TreeMeans {
  readonly estimates: readonly MeanEstimate[];
  readonly betweenVariance: readonly number[];
  readonly withinVariance: readonly number[];
  /** Design effect of observations grouped by account (1 = independent). */
  readonly designEffect: number;
}

/**
 * Hierarchical empirical Bayes for a rate: the root gets a Jeffreys posterior; each deeper level
 * is shrunk toward its parent's estimate with a beta prior whose concentration is learnt from all
 * the segments of that level (marginal likelihood, averaged over its posterior rather than
 * plugged in), widened by the parent's own uncertainty.
 */
export function shrinkRatesInTree(
  tree: SegmentTree,
  successes: (s: SegmentStats) => number,
  trials: (s: SegmentStats) => number,
  level = 0.9,
  clustersOf?: (s: SegmentStats) => ClusterSums,
  offsetOf?: (node: number) => number,
): TreeRates {
  const out: RateEstimate[] = new Array(tree.nodes.length);
  const concentration: number[] = [Number.NaN];
  const root = tree.nodes[0];
  if (!root) return { estimates: [], concentration, designEffect: 1 };
  const deff = clustersOf
    ? designEffect(tree, (i) => {
        const st = get(tree.nodes, i).stats;
        const n = trials(st);
        if (n <= 0) return null;
        const p = successes(st) / n;
        return clusterResidual(clustersOf(st), p, p * (1 - p), n);
      })
    : 1;
  const y = (st: SegmentStats) => successes(st) / deff;
  const n = (st: SegmentStats) => trials(st) / deff;
  out[0] = rootRate(y(root.stats), n(root.stats), level);
  for (let l = 1; l < tree.levels.length; l++) {
    const ids = tree.levels[l] ?? [];
    const obs: RateObservation[] = ids.map((i) => {
      const node = get(tree.nodes, i);
      return {
        successes: y(node.stats),
        trials: n(node.stats),
        priorMean: shiftRate(get(out, node.parent).mean, offsetOf?.(i) ?? 0),
      };
    });
    const posterior = concentrationPosterior(obs);
    concentration.push(fitConcentration(obs));
    ids.forEach((i, j) => {
      const o = get(obs, j);
      const parent = get(out, get(tree.nodes, i).parent);
      out[i] = shrinkRateMixed(
        o.successes,
        o.trials,
        o.priorMean,
        rateVariance(parent),
        posterior,
        level,
      );
    });
  }
  return { estimates: out, concentration, designEffect: deff };
}

/** Sum, sum of squares and count of a log-scale quantity in a segment. */
export interface LogSums {
  readonly n: number;
  readonly sum: number;
  readonly sq: number;
}

function pooledWithin(sums: readonly LogSums[]): number {
  let ss = 0;
  let dof = 0;
  for (const s of sums) {
    if (s.n < 1) continue;
    ss += Math.max(0, s.sq - (s.sum * s.sum) / s.n);
    dof += s.n - 1;
  }
  return dof > 0 ? ss / dof : Number.NaN;
}

/**
 * Hierarchical normal-normal empirical Bayes for the mean of a quantity (usually a logarithm):
 * sampling variance from the within-segment variance pooled over the level, between-segment
 * variance fitted per level, each segment shrunk toward its parent.
 */
export function shrinkMeansInTree(
  tree: SegmentTree,
  sumsOf: (s: SegmentStats) => LogSums,
  level = 0.9,
  clustersOf?: (s: SegmentStats) => ClusterSums,
  offsetOf?: (node: number) => number,
): TreeMeans {
  const out: MeanEstimate[] = new Array(tree.nodes.length);
  const root = tree.nodes[0];
  if (!root) return { estimates: [], betweenVariance: [], withinVariance: [], designEffect: 1 };
  const r = sumsOf(root.stats);
  const rootWithin = pooledWithin([r]);
  const fallback = Number.isFinite(rootWithin) ? rootWithin : 0;
  const within: number[] = [fallback];
  for (let l = 1; l < tree.levels.length; l++) {
    const w = pooledWithin((tree.levels[l] ?? []).map((i) => sumsOf(get(tree.nodes, i).stats)));
    within.push(Number.isFinite(w) && w > 0 ? w : fallback);
  }
  const deff = clustersOf
    ? designEffect(tree, (i) => {
        const node = get(tree.nodes, i);
        const s = sumsOf(node.stats);
        if (s.n <= 0) return null;
        return clusterResidual(clustersOf(node.stats), s.sum / s.n, get(within, node.level), s.n);
      })
    : 1;
  out[0] = rootMean(
    r.n > 0 ? r.sum / r.n : null,
    r.n > 0 ? (deff * fallback) / r.n : Number.POSITIVE_INFINITY,
    r.n,
    level,
  );
  const between: number[] = [0];
  for (let l = 1; l < tree.levels.length; l++) {
    const ids = tree.levels[l] ?? [];
    const sums = ids.map((i) => sumsOf(get(tree.nodes, i).stats));
    const sw = get(within, l);
    const obs: MeanObservation[] = ids.map((i, j) => {
      const s = get(sums, j);
      const p = get(out, get(tree.nodes, i).parent);
      return {
        mean: s.n > 0 ? s.sum / s.n : null,
        variance: s.n > 0 ? (deff * sw) / s.n : Number.POSITIVE_INFINITY,
        priorMean: p.mean + (offsetOf?.(i) ?? 0),
        priorVariance: Number.isFinite(p.variance) ? p.variance : 0,
      };
    });
    const posterior = spreadPosterior(obs);
    between.push(fitBetweenVariance(obs));
    ids.forEach((i, j) => {
      out[i] = shrinkMeanMixed(get(obs, j), posterior, get(sums, j).n, level);
    });
  }
  return { estimates: out, betweenVariance: between, withinVariance: within, designEffect: deff };
}

/** Sums for a ratio of totals sum(b) / sum(a) over units (e.g. revenue now / a year ago). */
export interface RatioSums {
  readonly n: number;
  readonly a: number;
  readonly b: number;
  readonly aa: number;
  readonly ab: number;
  readonly bb: number;
}

function ratioResidual(s: RatioSums, r: number): number {
  return Math.max(0, s.bb - 2 * r * s.ab + r * r * s.aa);
}

/**
 * Hierarchical normal-normal empirical Bayes for a ratio of totals (net or gross revenue
 * retention): the ratio estimator's variance, floored by the root's dispersion for tiny segments.
 */
export function shrinkRatiosInTree(
  tree: SegmentTree,
  sumsOf: (s: SegmentStats) => RatioSums,
  level = 0.9,
  offsetOf?: (node: number) => number,
): TreeMeans {
  const root = tree.nodes[0];
  if (!root) return { estimates: [], betweenVariance: [], withinVariance: [], designEffect: 1 };
  const rs = sumsOf(root.stats);
  const rr = rs.a > 0 ? rs.b / rs.a : 0;
  const dispersion = rs.aa > 0 ? ratioResidual(rs, rr) / rs.aa : 0;
  const obsOf = (s: RatioSums) => {
    if (s.a <= 0) return { mean: null, variance: Number.POSITIVE_INFINITY };
    const r = s.b / s.a;
    const own = ratioResidual(s, r) / (s.a * s.a);
    const floor = (dispersion * s.aa) / (s.a * s.a);
    return { mean: r, variance: Math.max(own, floor, 1e-12) };
  };
  const out: MeanEstimate[] = new Array(tree.nodes.length);
  const r0 = obsOf(rs);
  out[0] = rootMean(r0.mean, r0.variance, rs.n, level);
  const between: number[] = [0];
  for (let l = 1; l < tree.levels.length; l++) {
    const ids = tree.levels[l] ?? [];
    const sums = ids.map((i) => sumsOf(get(tree.nodes, i).stats));
    const obs: MeanObservation[] = ids.map((i, j) => {
      const p = get(out, get(tree.nodes, i).parent);
      return {
        ...obsOf(get(sums, j)),
        priorMean: p.mean + (offsetOf?.(i) ?? 0),
        priorVariance: Number.isFinite(p.variance) ? p.variance : 0,
      };
    });
    const posterior = spreadPosterior(obs);
    between.push(fitBetweenVariance(obs));
    ids.forEach((i, j) => {
      out[i] = shrinkMeanMixed(get(obs, j), posterior, get(sums, j).n, level);
    });
  }
  return {
    estimates: out,
    betweenVariance: between,
    withinVariance: between.map(() => dispersion),
    designEffect: 1,
  };
}
