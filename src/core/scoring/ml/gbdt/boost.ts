/**
 * Gradient-boosted trees for binary log-loss, on byte bins held in typed arrays.
 *
 * Written by hand: no well-kept gradient-boosting library exists for Node (the LightGBM and
 * XGBoost bindings are unmaintained native add-ons), and this one only needs histograms over
 * Uint8Array columns. Design after LightGBM: histogram splits with parent-minus-sibling
 * subtraction, leaf-wise growth, second-order leaf values with L2, learnt missing direction,
 * categorical splits over gradient-ordered categories, row subsampling, early stopping; on small
 * tables, root splits by one step of lookahead (lookahead.ts).
 */
import type { Dataset } from "../dataset.js";
import { binCount } from "../features.js";
import { Rng } from "../rng.js";
import { growTree, HistogramPool } from "./grow.js";
import { toRowMajor } from "./histogram.js";
import { type LookaheadScreen, LookaheadWork } from "./lookahead.js";
import type { SplitRules } from "./split.js";
import { compileTree, leafValueRow, type Tree } from "./tree.js";

/** Settings of the booster. */
export interface GbdtParams {
  readonly learningRate: number;
  readonly maxTrees: number;
  readonly maxLeaves: number;
  readonly maxDepth: number;
  readonly subsample: number;
  /** Stop after this many trees without a better validation log-loss. */
  readonly patience: number;
  readonly rules: SplitRules;
  readonly seed: number;
  /** Root splits by one step of lookahead (gbdt/lookahead.ts), for small tables. */
  readonly lookahead?: boolean;
}

/** A fitted booster: raw score = base + sum of tree leaf values. */
export interface GbdtModel {
  readonly base: number;
  readonly trees: readonly Tree[];
}

/** Rows sampled per tree at most: bounds the cost of a tree on big tables (stochastic boosting). */
const ROWS_PER_TREE = 60_000;

/** Defaults that suit a few hundred to a few million rows. */
export function defaultGbdtParams(trainRows: number, seed: number): GbdtParams {
  return {
    learningRate: trainRows > 10_000 ? 0.1 : 0.05,
    maxTrees: 1000,
    // Bigger trees on big tables: fewer trees, so faster scoring, at the same accuracy.
    maxLeaves: trainRows > 100_000 ? 63 : 31,
    maxDepth: 12,
    subsample: Math.min(0.8, ROWS_PER_TREE / Math.max(1, trainRows)),
    patience: 30,
    rules: {
      lambda: 1,
      minLeafRows: Math.min(20, Math.max(3, Math.floor(trainRows / 50))),
      minLeafHessian: 1e-3,
      catLambda: 10,
      catSmooth: 10,
      maxCatLeft: 32,
      minCatRows: Math.min(100, Math.max(3, Math.floor(trainRows / 100))),
    },
    seed,
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function logLoss(y: number, p: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return y === 1 ? -Math.log(q) : -Math.log(1 - q);
}

/** Trees between lookahead screens, and the features a screen keeps for them. */
const SCREEN_EVERY = 25;
const SCREEN_KEEP = 3;

/**
 * Lookahead screens of a booster: every SCREEN_EVERY-th tree looks ahead on every feature and
 * keeps the SCREEN_KEEP of largest total gain for the trees up to the next screen (an
 * interaction found once stays worth testing while the next trees fit it).
 */
class Screens {
  private readonly totals: Float64Array;
  private readonly only: Uint8Array;
  private readonly work = new LookaheadWork();
  constructor(features: number) {
    this.totals = new Float64Array(features);
    this.only = new Uint8Array(features);
  }
  next(tree: number): LookaheadScreen {
    return tree % SCREEN_EVERY === 0
      ? { only: null, totals: this.totals, work: this.work }
      : { only: this.only, totals: null, work: this.work };
  }
  done(tree: number): void {
    if (tree % SCREEN_EVERY !== 0) return;
    const order = Array.from(this.totals.keys()).sort(
      (a, b) => (this.totals[b] as number) - (this.totals[a] as number) || a - b,
    );
    this.only.fill(0);
    for (const f of order.slice(0, SCREEN_KEEP)) this.only[f] = 1;
  }
}

/** Result of training: the model, trees kept, and validation loss at that point. */
export interface GbdtFit {
  readonly model: GbdtModel;
  readonly validLoss: number | null;
  /** With `valid`: its mean log-loss after each tree grown (entry t: first t + 1 trees). */
  readonly curve: Float64Array | null;
  /** Every tree grown, also those after the best count (a prefix of them is `model.trees`). */
  readonly grown: readonly Tree[];
}

/**
 * Fit on rows `train` (labels 0/1); with `valid`, stop early on its log-loss and keep the best
 * number of trees, else grow exactly `maxTrees`.
 */
export function trainGbdt(
  ds: Dataset,
  labels: Int8Array,
  train: Int32Array,
  valid: Int32Array | null,
  params: GbdtParams,
  onTree?: (trees: number) => void,
): GbdtFit {
  const nf = ds.features.length;
  const nbins = Int32Array.from(ds.features, binCount);
  const categorical = Uint8Array.from(ds.features, (f) => (f.kind === "categorical" ? 1 : 0));
  // Compact row-major copies: rows below are local indices 0..n-1 of `train` (and of `valid`).
  const n = train.length;
  const bins = toRowMajor(ds.bins, train);
  const y = Int8Array.from(train, (r) => labels[r] as number);
  const vBins = valid ? toRowMajor(ds.bins, valid) : null;
  const vy = valid ? Int8Array.from(valid, (r) => labels[r] as number) : null;
  let pos = 0;
  for (const v of y) pos += v;
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, n)));
  const base = Math.log(prior / (1 - prior));
  const score = new Float64Array(n).fill(base);
  const vScore = new Float64Array(valid ? valid.length : 0).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const idxBuf = new Int32Array(n);
  const tmp = new Int32Array(n);
  // Which tree last sampled each row: sampled rows get their leaf value from the partition.
  const sampledBy = new Int32Array(n).fill(-1);
  const leafRanges: number[] = [];
  const pool = HistogramPool.forFeatures(nf);
  const rng = new Rng(params.seed);
  const trees: Tree[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestTrees = 0;
  const curve: number[] = [];
  const look = params.lookahead ? new Screens(nf) : null;
  for (let t = 0; t < params.maxTrees && nf > 0; t++) {
    let m = 0;
    if (params.subsample < 1) {
      for (let r = 0; r < n; r++) if (rng.next() < params.subsample) idxBuf[m++] = r;
    } else {
      for (let r = 0; r < n; r++) idxBuf[r] = r;
      m = n;
    }
    // Gradients are only needed where this tree looks.
    for (let k = 0; k < m; k++) {
      const r = idxBuf[k] as number;
      const p = sigmoid(score[r] as number);
      grad[r] = p - (y[r] as number);
      hess[r] = Math.max(p * (1 - p), 1e-16);
    }
    leafRanges.length = 0;
    const tree = growTree(
      {
        bins,
        features: nf,
        nbins,
        categorical,
        grad,
        hess,
        idx: idxBuf.subarray(0, m),
        rules: params.rules,
        maxLeaves: params.maxLeaves,
        maxDepth: params.maxDepth,
        learningRate: params.learningRate,
        ...(look ? { lookahead: look.next(t) } : {}),
      },
      pool,
      tmp,
      leafRanges,
    );
    look?.done(t);
    trees.push(tree);
    onTree?.(trees.length);
    if (tree.feature.length === 1 && Math.abs(tree.value[0] ?? 0) < 1e-12) break;
    const c = compileTree(tree);
    for (let q = 0; q < leafRanges.length; q += 3) {
      const v = tree.value[leafRanges[q] as number] as number;
      for (let k = leafRanges[q + 1] as number; k < (leafRanges[q + 2] as number); k++) {
        const r = idxBuf[k] as number;
        score[r] = (score[r] as number) + v;
        sampledBy[r] = t;
      }
    }
    if (m < n)
      for (let r = 0; r < n; r++)
        if (sampledBy[r] !== t) score[r] = (score[r] as number) + leafValueRow(c, bins, r * nf);
    if (vBins && vy) {
      let loss = 0;
      for (let r = 0; r < vy.length; r++) {
        const s = (vScore[r] as number) + leafValueRow(c, vBins, r * nf);
        vScore[r] = s;
        loss += logLoss(vy[r] as number, sigmoid(s));
      }
      loss /= Math.max(1, vy.length);
      curve.push(loss);
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss;
        bestTrees = trees.length;
      } else if (trees.length - bestTrees >= params.patience) break;
    }
  }
  const kept = valid ? trees.slice(0, bestTrees) : trees;
  return {
    model: { base, trees: kept },
    validLoss: valid ? bestLoss : null,
    curve: valid ? Float64Array.from(curve) : null,
    grown: trees,
  };
}
