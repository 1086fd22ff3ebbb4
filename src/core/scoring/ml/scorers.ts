import type { Dataset } from "./dataset.js";
import type { GbdtModel } from "./gbdt/boost.js";
import { compileForest, forestAttributions, forestSums } from "./gbdt/forest.js";
import { allRowsMajor } from "./gbdt/histogram.js";
import { type LogisticModel, linearScores, logisticExplainer, scaledColumns } from "./logistic.js";
import type { Member } from "./model.js";
import { type NaiveBayesModel, naiveBayesContributions, naiveBayesScores } from "./naive-bayes.js";

/** Raw (uncalibrated logit) scores and per-feature attributions of one member over a dataset. */
export interface MemberScorer {
  /** Raw scores of `rows` (all rows when null) into out[0..]. */
  raw(rows: Int32Array | null, out: Float64Array): void;
  /** Attributions of row r per feature into `out`; returns the bias (sum + bias = raw score). */
  contributions(r: number, out: Float64Array): number;
}

/** Data shared by the scorers of one dataset, each built once when first needed. */
export class ScoringData {
  private cols: (Float32Array | null)[] | null = null;
  private rows: Uint8Array | null = null;
  constructor(readonly ds: Dataset) {}
  /** The linear model's scaled numeric columns. */
  scaled(): (Float32Array | null)[] {
    this.cols ??= scaledColumns(this.ds);
    return this.cols;
  }
  /** All bins row-major (a row's bins side by side), for tree walks. */
  rowBins(): Uint8Array {
    this.rows ??= allRowsMajor(this.ds.bins, this.ds.rows);
    return this.rows;
  }
}

function gbdtScorer(model: GbdtModel, data: ScoringData): MemberScorer {
  const nf = data.ds.features.length;
  const forest = compileForest(model.trees);
  return {
    raw(rows, out) {
      const m = rows ? rows.length : data.ds.rows;
      const at = rows ? (k: number) => (rows[k] as number) * nf : (k: number) => k * nf;
      forestSums(forest, data.rowBins(), m, at, out);
      for (let k = 0; k < m; k++) out[k] = (out[k] as number) + model.base;
    },
    contributions(r, out) {
      out.fill(0);
      return model.base + forestAttributions(forest, data.rowBins(), r * nf, out);
    },
  };
}

function logisticScorer(model: LogisticModel, data: ScoringData): MemberScorer {
  const explainer = logisticExplainer(data.ds, model);
  return {
    raw(rows, out) {
      linearScores(data.ds, data.scaled(), model.coef, rows, out);
    },
    contributions(r, out) {
      return explainer(data.scaled(), r, out);
    },
  };
}

function naiveBayesScorer(model: NaiveBayesModel, data: ScoringData): MemberScorer {
  return {
    raw(rows, out) {
      naiveBayesScores(data.ds, model, rows, out);
    },
    contributions(r, out) {
      return naiveBayesContributions(data.ds, model, r, out);
    },
  };
}

const FACTORIES: {
  [K in Member["kind"]]: (m: Extract<Member, { kind: K }>, d: ScoringData) => MemberScorer;
} = {
  gbdt: (m, d) => gbdtScorer(m.gbdt, d),
  logistic: (m, d) => logisticScorer(m.logistic, d),
  nb: (m, d) => naiveBayesScorer(m.nb, d),
};

/** The scorer of a fitted member. */
export function memberScorer(m: Member, data: ScoringData): MemberScorer {
  return (FACTORIES[m.kind] as (m: Member, d: ScoringData) => MemberScorer)(m, data);
}
