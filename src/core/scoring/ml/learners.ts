import { IDENTITY } from "./calibrate.js";
import { defaultGbdtParams, trainGbdt } from "./gbdt/boost.js";
import { fitLogistic, type LogisticModel, linearScores } from "./logistic.js";
import type { Member } from "./model.js";
import { Rng } from "./rng.js";
import type { ScoringData } from "./scorers.js";

/** What a learner fits from. */
export interface FitContext {
  readonly data: ScoringData;
  readonly labels: Int8Array;
  readonly seed: number;
  /** Called with a short stage name and work done (trees, iterations) for progress. */
  readonly onStep?: (stage: string) => void;
}

/** A learner fitted on one part of the rows, with the means to refit it on more. */
export interface FittedLearner {
  readonly member: Member;
  /** Refit on `rows` with the settings chosen on the holdout (tree count, penalty). */
  refit(rows: Int32Array): Member;
}

/** A model family: fit on `fit` rows, choosing its settings on `holdout` rows. */
export interface Learner {
  readonly name: string;
  fit(ctx: FitContext, fit: Int32Array, holdout: Int32Array): FittedLearner;
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
    s += (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))) - y * v;
  }
  return s / Math.max(1, rows.length);
}

/** L2 logistic regression; the holdout chooses the penalty. */
export const logisticLearner: Learner = {
  name: "logistic",
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

/** Every learner, in report order. */
export const LEARNERS: readonly Learner[] = [logisticLearner, gbdtLearner];
