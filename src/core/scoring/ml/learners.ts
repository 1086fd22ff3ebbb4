import { fitPlatt, IDENTITY, type Platt } from "./calibrate.js";
import { stratifiedFolds, without } from "./folds.js";
import { defaultGbdtParams, type GbdtParams, trainGbdt } from "./gbdt/boost.js";
import {
  fitLogistic,
  fitLogisticRows,
  type LogisticModel,
  linearScores,
  rowDesign,
} from "./logistic.js";
import { logitLoss } from "./metrics.js";
import type { Member } from "./model.js";
import { fitNaiveBayes, naiveBayesScores, smoothingName, smoothingOf } from "./naive-bayes.js";
import { Rng } from "./rng.js";
import { memberScorer, type ScoringData } from "./scorers.js";

/** What a learner fits from. */
export interface FitContext {
  readonly data: ScoringData;
  readonly labels: Int8Array;
  readonly seed: number;
  /** Called with a short stage name and work done (trees, iterations) for progress. */
  readonly onStep?: (stage: string) => void;
  /** Name of the rule that weighs a stack of learners (select.ts STACK_RULES; default there). */
  readonly stack?: string;
}

/** A learner fitted on one part of the rows, with the means to refit it on more. */
export interface FittedLearner {
  readonly member: Member;
  /** Refit on `rows` with the settings chosen on the holdout (tree count, penalty). */
  refit(rows: Int32Array): Member;
}

/**
 * A learner tuned by cross-validation inside its rows only: the member (calibrated on its inner
 * out-of-fold scores) and those calibrated out-of-fold logits, one per row in the order given.
 */
export interface TunedFit {
  readonly member: Member;
  readonly oof: Float64Array;
  /** The settings chosen, for reports ("penalty 0.01", "12 trees", ...). */
  readonly settings: string;
}

/**
 * A model family. Large tables: `fit` on `fit` rows, choosing its settings on `holdout` rows.
 * Small tables: `tune` chooses its settings by cross-validation inside `rows` (labels of other
 * rows are never read). `complexity` orders learners for the selection (simpler first).
 */
export interface Learner {
  readonly name: string;
  readonly complexity: number;
  fit(ctx: FitContext, fit: Int32Array, holdout: Int32Array): FittedLearner;
  tune(ctx: FitContext, rows: Int32Array): TunedFit;
}

/** Calibrate raw inner out-of-fold scores: the Platt step and the calibrated logits. */
function calibrated(ctx: FitContext, rows: Int32Array, raw: Float64Array): [Platt, Float64Array] {
  const y = Int8Array.from(rows, (r) => ctx.labels[r] as number);
  const platt = fitPlatt(raw, y);
  return [platt, raw.map((z) => platt.a * z + platt.b)];
}

/**
 * Inner folds of rows a learner tunes on. Every learner splits the same rows the same way, so
 * their out-of-fold scores come from models fitted on the same share of the rows: a stack of
 * them then weighs like against like (a learner scored by leave-one-out would look better than
 * one scored from three quarters of the rows, and take too much weight).
 */
export const INNER_FOLDS = 4;

/** The inner folds of `rows` (at most INNER_FOLDS, at least 2, as the minority class allows). */
export function innerFolds(ctx: FitContext, rows: Int32Array): Int32Array[] {
  let pos = 0;
  for (const r of rows) pos += ctx.labels[r] as number;
  const folds = Math.max(2, Math.min(INNER_FOLDS, pos, rows.length - pos));
  return stratifiedFolds(ctx.labels, rows, folds, ctx.seed * 31 + 1);
}

/** Position of each row of `rows` (ascending) by row id. */
function positions(rows: Int32Array): Map<number, number> {
  return new Map(Array.from(rows, (r, i) => [r, i]));
}

function subsample(rows: Int32Array, max: number, seed: number): Int32Array {
  if (rows.length <= max) return rows;
  return new Rng(seed).shuffle(Int32Array.from(rows)).subarray(0, max).sort();
}

/** Holdout rows (at most) on which boosting watches its loss to stop. */
const STOP_ROWS = 50_000;

/** Gradient-boosted trees; the holdout stops the boosting. */
export const gbdtLearner: Learner = {
  name: "gbdt",
  complexity: 3,
  tune(ctx, rows) {
    // Shallow, strongly regularised trees; the tree count is chosen by inner cross-validation.
    const params = smallGbdtParams(rows.length, ctx.seed);
    const at = positions(rows);
    const raw = new Float64Array(rows.length);
    const tmp = new Float64Array(rows.length);
    const folds = innerFolds(ctx, rows);
    // Each inner fold grows its trees watching its own test rows' loss, but is scored at the
    // tree count the OTHER folds' loss curves agree on (cross-fitted): stopping on the rows it
    // is scored on would make boosting's out-of-fold scores look better than they are, and the
    // stack would then lean on it more than it deserves.
    const fits = folds.map((test) =>
      trainGbdt(ctx.data.ds, ctx.labels, without(rows, test), test, params, () =>
        ctx.onStep?.("tree"),
      ),
    );
    const longest = Math.max(1, ...fits.map((f) => f.curve?.length ?? 0));
    const total = (skip: number) => {
      const sum = new Float64Array(longest);
      fits.forEach((f, j) => {
        if (j === skip) return;
        const c = f.curve ?? new Float64Array(0);
        const w = (folds[j] as Int32Array).length;
        for (let t = 0; t < longest; t++)
          sum[t] = (sum[t] as number) + w * (c[Math.min(t, c.length - 1)] ?? 0);
      });
      let best = 0;
      for (let t = 1; t < longest; t++)
        if ((sum[t] as number) < (sum[best] as number) - 1e-12) best = t;
      return best + 1;
    };
    folds.forEach((test, j) => {
      const f = fits[j] as (typeof fits)[number];
      const trees = f.grown.slice(0, Math.min(f.grown.length, total(j)));
      const gbdt = { base: f.model.base, trees };
      memberScorer({ kind: "gbdt", gbdt, platt: IDENTITY }, ctx.data).raw(test, tmp);
      test.forEach((r, i) => {
        raw[at.get(r) as number] = tmp[i] as number;
      });
    });
    const count = Math.max(1, Math.round(1.1 * total(-1)));
    const { model } = trainGbdt(
      ctx.data.ds,
      ctx.labels,
      rows,
      null,
      { ...params, maxTrees: count },
      () => ctx.onStep?.("tree"),
    );
    const [platt, oof] = calibrated(ctx, rows, raw);
    return { member: { kind: "gbdt", gbdt: model, platt }, oof, settings: `${count} trees` };
  },
  fit(ctx, fit, holdout) {
    const params = defaultGbdtParams(fit.length, ctx.seed);
    // Early stopping needs a loss, not every holdout row: at most STOP_ROWS of them.
    const stop = subsample(holdout, STOP_ROWS, ctx.seed + 1);
    const { model } = trainGbdt(ctx.data.ds, ctx.labels, fit, stop, params, () =>
      ctx.onStep?.("tree"),
    );
    const trees = Math.max(1, Math.round(model.trees.length * 1.1));
    return {
      member: { kind: "gbdt", gbdt: model, platt: IDENTITY },
      refit(rows) {
        const refit = trainGbdt(
          ctx.data.ds,
          ctx.labels,
          rows,
          null,
          { ...defaultGbdtParams(rows.length, ctx.seed), maxTrees: trees },
          () => ctx.onStep?.("tree"),
        );
        return { kind: "gbdt", gbdt: refit.model, platt: IDENTITY };
      },
    };
  },
};

/** Penalties tried by inner cross-validation on small tables, strongest first (warm starts). */
const TUNE_LAMBDAS = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001];

/**
 * Boosting for small tables: stumps and two-level trees with lookahead roots, slow learning,
 * heavy leaf penalty.
 */
export function smallGbdtParams(rows: number, seed: number): GbdtParams {
  return {
    // Slower learning and smaller leaves than 0.1 and rows / 30: on bench smallfit's generators
    // boosting alone ranked better on every one (seeds 11-20, held out from the tuning: +0.001
    // to +0.008 AUC).
    learningRate: 0.05,
    maxTrees: 300,
    maxLeaves: 4,
    maxDepth: 2,
    subsample: 0.8,
    patience: 25,
    rules: {
      lambda: 5,
      minLeafRows: Math.max(5, Math.floor(rows / 50)),
      minLeafHessian: 1e-3,
      catLambda: 10,
      catSmooth: 10,
      maxCatLeft: 16,
      minCatRows: Math.max(5, Math.floor(rows / 50)),
    },
    seed,
    // Roots chosen by one step of lookahead (gbdt/lookahead.ts): depth-2 trees then learn
    // answers that matter only together. Boosting alone on bench smallfit's interaction tables
    // (seeds 1-5) +0.04 AUC, within -0.01 on the others; the chosen model on interactions
    // (seeds 1-10) +0.023 AUC, the others unchanged (within 0.001).
    lookahead: true,
  };
}

/** Penalties tried, strongest first (each fit starts from the previous solution). */
const LAMBDAS = [1, 0.1, 0.01, 0.001, 1e-4];
/** Rows used to choose the penalty. */
const LAMBDA_ROWS = 20_000;

function holdoutLoss(ctx: FitContext, model: LogisticModel, rows: Int32Array): number {
  const z = new Float64Array(rows.length);
  linearScores(ctx.data.ds, ctx.data.scaled(), model.coef, rows, z);
  let s = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = z[k] as number;
    const y = ctx.labels[rows[k] as number] as number;
    s += logitLoss(v, y);
  }
  return s / Math.max(1, rows.length);
}

/** L2 logistic regression; the holdout chooses the penalty. */
export const logisticLearner: Learner = {
  name: "logistic",
  complexity: 2,
  tune(ctx, rows) {
    // One-hot L2 logistic regression; the penalty is chosen by inner cross-validation.
    const cols = ctx.data.scaled();
    const ds = ctx.data.ds;
    const at = positions(rows);
    const raw = TUNE_LAMBDAS.map(() => new Float64Array(rows.length));
    const loss = new Float64Array(TUNE_LAMBDAS.length);
    for (const test of innerFolds(ctx, rows)) {
      const design = rowDesign(ds, cols, without(rows, test));
      let init: readonly number[] | undefined;
      const z = new Float64Array(test.length);
      TUNE_LAMBDAS.forEach((lambda, l) => {
        const m = fitLogisticRows(design, ctx.labels, lambda, init, 60, 1e-4);
        ctx.onStep?.("penalty");
        init = m.coef;
        linearScores(ds, cols, m.coef, test, z);
        const out = raw[l] as Float64Array;
        test.forEach((r, i) => {
          const v = z[i] as number;
          out[at.get(r) as number] = v;
          loss[l] = (loss[l] as number) + logitLoss(v, ctx.labels[r] as number);
        });
      });
    }
    let best = 0;
    loss.forEach((v, l) => {
      if (v < (loss[best] as number) - 1e-9) best = l;
    });
    const lambda = TUNE_LAMBDAS[best] as number;
    const model = fitLogisticRows(rowDesign(ds, cols, rows), ctx.labels, lambda, undefined, 200);
    const [platt, oof] = calibrated(ctx, rows, raw[best] as Float64Array);
    return {
      member: { kind: "logistic", logistic: model, platt },
      oof,
      settings: `penalty ${lambda}`,
    };
  },
  fit(ctx, fit, holdout) {
    const cols = ctx.data.scaled();
    const ds = ctx.data.ds;
    const small = subsample(fit, LAMBDA_ROWS, ctx.seed);
    let init: readonly number[] | undefined;
    let best: LogisticModel | null = null;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const lambda of LAMBDAS) {
      const m = fitLogistic(ds, cols, ctx.labels, small, lambda, init, 60);
      ctx.onStep?.("penalty");
      init = m.coef;
      const loss = holdoutLoss(ctx, m, holdout);
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        best = m;
      }
    }
    const lambda = best?.lambda ?? 0.01;
    const model =
      best && small === fit ? best : fitLogistic(ds, cols, ctx.labels, fit, lambda, best?.coef, 40);
    return {
      member: { kind: "logistic", logistic: model, platt: IDENTITY },
      refit(rows) {
        const m = fitLogistic(ds, cols, ctx.labels, rows, lambda, model.coef, 40);
        return { kind: "logistic", logistic: m, platt: IDENTITY };
      },
    };
  },
};

/** Categorical naive Bayes (numeric features in equal-count groups), smoothing by leave-one-out. */
export const naiveBayesLearner: Learner = {
  name: "nb",
  complexity: 1,
  tune(ctx, rows) {
    // Smoothing by exact leave-one-out on the rows; out-of-fold scores from the inner folds
    // every learner uses (at that smoothing), for the stack.
    const { model } = fitNaiveBayes(ctx.data.ds, ctx.labels, rows);
    const at = positions(rows);
    const raw = new Float64Array(rows.length);
    for (const test of innerFolds(ctx, rows)) {
      const inner = fitNaiveBayes(
        ctx.data.ds,
        ctx.labels,
        without(rows, test),
        smoothingOf(model),
      ).model;
      const z = new Float64Array(test.length);
      naiveBayesScores(ctx.data.ds, inner, test, z);
      test.forEach((r, i) => {
        raw[at.get(r) as number] = z[i] as number;
      });
    }
    const [platt, oof] = calibrated(ctx, rows, raw);
    return {
      member: { kind: "nb", nb: model, platt },
      oof,
      settings: smoothingName(smoothingOf(model)),
    };
  },
  fit(ctx, fit) {
    const { model } = fitNaiveBayes(ctx.data.ds, ctx.labels, fit);
    return {
      member: { kind: "nb", nb: model, platt: IDENTITY },
      refit(rows) {
        const m = fitNaiveBayes(ctx.data.ds, ctx.labels, rows, smoothingOf(model)).model;
        return { kind: "nb", nb: m, platt: IDENTITY };
      },
    };
  },
};

/** Every learner, in report order (simplest first). */
export const LEARNERS: readonly Learner[] = [naiveBayesLearner, logisticLearner, gbdtLearner];

/** The learners tried on large tables unless others are asked for (the cheaper path). */
export const LARGE_DEFAULT: readonly string[] = ["logistic", "gbdt"];
