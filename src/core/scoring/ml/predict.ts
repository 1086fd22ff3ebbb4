import type { Dataset } from "./dataset.js";
import { EnsembleScorer } from "./ensemble.js";
import { type Reason, topReasons } from "./explain.js";
import type { FitModel } from "./model.js";
import { ScoringData } from "./scorers.js";

/** A scored row: P(positive) and the features that raised and lowered it. */
export interface ScoredRow {
  readonly score: number;
  readonly up: readonly Reason[];
  readonly down: readonly Reason[];
}

/** Scores rows of a dataset encoded with the model's features. */
export class ModelScorer {
  private readonly scorer: EnsembleScorer;
  constructor(
    readonly model: FitModel,
    readonly ds: Dataset,
  ) {
    this.scorer = new EnsembleScorer(model, new ScoringData(ds));
  }

  /** P(positive) of every row. */
  scores(): Float64Array {
    return this.scorer.probabilities(null, this.ds.rows);
  }

  /** P(positive) of row r with its top `k` reasons each way (logit units). */
  explain(r: number, k: number): ScoredRow {
    const { bias, contributions } = this.scorer.explain(r, this.ds.features.length);
    let z = bias;
    for (const c of contributions) z += c;
    return { score: 1 / (1 + Math.exp(-z)), ...topReasons(this.ds, contributions, r, k) };
  }
}

/** Mean absolute contribution of each feature's column over up to `sample` rows, largest first. */
export function featureImportance(
  model: FitModel,
  ds: Dataset,
  sample = 2000,
): { column: string; importance: number }[] {
  const scorer = new EnsembleScorer(model, new ScoringData(ds));
  const total = new Float64Array(ds.features.length);
  const step = Math.max(1, Math.floor(ds.rows / sample));
  let n = 0;
  for (let r = 0; r < ds.rows; r += step) {
    const { contributions } = scorer.explain(r, ds.features.length);
    contributions.forEach((c, j) => {
      total[j] = (total[j] as number) + Math.abs(c);
    });
    n++;
  }
  return ds.features
    .map((f, j) => ({ column: f.column, importance: (total[j] as number) / Math.max(1, n) }))
    .sort((a, b) => b.importance - a.importance || (a.column < b.column ? -1 : 1));
}
