import { type Ensemble, EnsembleScorer, fitCandidates } from "./ensemble.js";
import { stratifiedFolds, without } from "./folds.js";
import type { FitContext, Learner } from "./learners.js";
import { calibrationError, evaluatePredictions, type Metrics } from "./metrics.js";
import type { CandidateResult } from "./model.js";

/** Out-of-fold predictions of every candidate (and the prior baseline) over the same rows. */
export interface CrossValidation {
  readonly folds: number;
  /** Rows in the order of the predictions. */
  readonly rows: Int32Array;
  readonly labels: Int8Array;
  readonly predictions: ReadonlyMap<string, Float64Array>;
}

/** Name of the trivial baseline: every row gets its training folds' positive rate. */
export const PRIOR = "prior";

/** Stratified k-fold cross-validation of every candidate that `fitCandidates` builds. */
export function crossValidate(
  ctx: FitContext,
  rows: Int32Array,
  learners: readonly Learner[],
  k: number,
  onFold?: (done: number) => void,
): CrossValidation {
  const folds = stratifiedFolds(ctx.labels, rows, k, ctx.seed);
  const order = new Int32Array(rows.length);
  const labels = new Int8Array(rows.length);
  const predictions = new Map<string, Float64Array>();
  let at = 0;
  folds.forEach((test, f) => {
    const train = without(rows, test);
    const candidates = fitCandidates(
      { ...ctx, seed: ctx.seed + 7919 * (f + 1) },
      train,
      learners,
      false,
    );
    let pos = 0;
    for (const r of train) pos += ctx.labels[r] as number;
    const prior = pos / Math.max(1, train.length);
    const put = (name: string, p: ArrayLike<number>) => {
      let arr = predictions.get(name);
      if (!arr) {
        arr = new Float64Array(rows.length);
        predictions.set(name, arr);
      }
      for (let i = 0; i < test.length; i++) arr[at + i] = p[i] as number;
    };
    put(PRIOR, new Float64Array(test.length).fill(prior));
    for (const [name, ens] of candidates) {
      put(name, new EnsembleScorer(ens, ctx.data).probabilities(test, test.length));
    }
    for (let i = 0; i < test.length; i++) {
      const r = test[i] as number;
      order[at + i] = r;
      labels[at + i] = ctx.labels[r] as number;
    }
    at += test.length;
    onFold?.(f + 1);
  });
  return { folds: k, rows: order, labels, predictions };
}

/** Metrics of every candidate in a cross-validation, prior baseline first. */
export function summarise(cv: CrossValidation): { candidate: string; metrics: Metrics }[] {
  return [...cv.predictions.entries()].map(([candidate, p]) => ({
    candidate,
    metrics: evaluatePredictions(cv.labels, p),
  }));
}

/** The figures of one candidate as stored in a model. */
export function candidateResult(candidate: string, m: Metrics): CandidateResult {
  return {
    candidate,
    auc: m.auc,
    aucLo: m.aucLo,
    aucHi: m.aucHi,
    brier: m.brier,
    logLoss: m.logLoss,
    lift10: m.lift10,
    calibrationError: calibrationError(m.calibration),
  };
}

/** The best candidate by log-loss (AUC breaks near-ties), the prior baseline excluded. */
export function chooseCandidate(results: readonly CandidateResult[]): string {
  const real = results.filter((r) => r.candidate !== PRIOR);
  real.sort((a, b) =>
    Math.abs(a.logLoss - b.logLoss) > 1e-4 ? a.logLoss - b.logLoss : b.auc - a.auc,
  );
  const best = real[0];
  if (!best) throw new Error("no candidate model was fitted");
  return best.candidate;
}

export type { Ensemble };
