import type { Platt } from "./calibrate.js";
import type { Feature } from "./features.js";
import type { GbdtModel } from "./gbdt/boost.js";
import type { LogisticModel } from "./logistic.js";
import type { NaiveBayesModel } from "./naive-bayes.js";

/** A fitted gradient-boosted tree member with its Platt calibration. */
export interface GbdtMember {
  readonly kind: "gbdt";
  readonly gbdt: GbdtModel;
  readonly platt: Platt;
}

/** A fitted logistic member with its Platt calibration. */
export interface LogisticMember {
  readonly kind: "logistic";
  readonly logistic: LogisticModel;
  readonly platt: Platt;
}

/** A fitted naive Bayes member with its Platt calibration. */
export interface NaiveBayesMember {
  readonly kind: "nb";
  readonly nb: NaiveBayesModel;
  readonly platt: Platt;
}

/** One fitted learner of a model. */
export type Member = GbdtMember | LogisticMember | NaiveBayesMember;

/** Cross-validated figures of one candidate. */
export interface CandidateResult {
  readonly candidate: string;
  readonly auc: number;
  readonly aucLo: number;
  readonly aucHi: number;
  readonly brier: number;
  readonly logLoss: number;
  readonly lift10: number;
  readonly calibrationError: number;
  /** Repeated cross-validation: mean AUC of the chosen candidate minus this one, paired by fold. */
  readonly behind?: number;
  /** Its standard error (folds' correlation corrected). */
  readonly behindSe?: number;
  /** Settings the learner chose inside the folds (penalty, smoothing, trees), when it reports them. */
  readonly settings?: string;
}

/**
 * A fit model: features in canonical (content) order, members whose calibrated logits are
 * averaged, then a final Platt step. Serialised as JSON by src/io/frame/model-file.ts.
 */
export interface FitModel {
  readonly format: "paydirt-fit-model";
  readonly version: 1;
  readonly target: { readonly column: string; readonly positive: string };
  readonly candidate: string;
  readonly prior: number;
  readonly features: readonly Feature[];
  readonly members: readonly Member[];
  readonly calibration: Platt;
  /** Dropped identifier-like columns, copied to score files so rows can be joined back. */
  readonly identifiers: readonly string[];
  readonly columns: readonly { column: string; type: string; detail: string }[];
  readonly selection: {
    readonly rows: number;
    readonly folds: number;
    /** Repetitions of the k-fold split (1 when absent). */
    readonly repeats?: number;
    /** Why the candidate was chosen, in one sentence. */
    readonly reason?: string;
    readonly results: readonly CandidateResult[];
  };
  readonly trainedRows: number;
}
