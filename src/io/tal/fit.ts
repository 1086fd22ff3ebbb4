import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reason } from "../../core/scoring/ml/explain.js";
import type { FitModel } from "../../core/scoring/ml/model.js";
import { ModelScorer } from "../../core/scoring/ml/predict.js";
import { type Evaluation, type ProgressFactory, trainModel } from "../../core/scoring/ml/train.js";
import { accountsSource } from "../analytics/facts.js";
import { readScoringTable } from "../frame/read-scoring.js";
import { readTrainingTable } from "../frame/read-training.js";
import type { Db } from "../store/db.js";
import { accountFeatureSql } from "./features.js";

/** How the look-alike fit model is trained. */
export interface FitRequest {
  /** YYYY-MM-DD: deals closed by then (as known then) are the training examples. */
  readonly asOf: string;
  /** Closed deals of the last this many months are learnt from. */
  readonly windowMonths: number;
  readonly seed?: number;
  readonly progress?: ProgressFactory;
  readonly log?: (line: string) => void;
}

/** Every account's P(win) of new business with the features behind it. */
export interface AccountFit {
  readonly ids: readonly string[];
  readonly fit: Float64Array;
  readonly model: FitModel;
  readonly evaluation: Evaluation;
  /** Closed new-business deals learnt from. */
  readonly deals: number;
  /** Explain account `i`: the `k` features that raised and lowered its score. */
  explain(i: number, k: number): { up: readonly Reason[]; down: readonly Reason[] };
}

const OUTCOME = "__outcome";
/** Fewest won and fewest lost deals a fit model is learnt from. */
const MIN_CLASS = 20;

/** The store holds too few closed deals as of T to learn a fit model (the reason says how many). */
export class FitUnavailable extends Error {
  override readonly name = "FitUnavailable";
}

/**
 * Train the fit model on closed-won versus closed-lost new-business deals of the window before T
 * (each deal a row of its account's features as known at T) and score every account. The tables
 * go through the same CSV readers as `paydirt model`, so both paths learn and score alike.
 */
export async function fitAccounts(db: Db, req: FitRequest): Promise<AccountFit> {
  const src = await accountsSource(db, req.asOf);
  const features = await accountFeatureSql(db, src.from);
  const dir = mkdtempSync(join(tmpdir(), "paydirt-fit-"));
  try {
    const train = join(dir, "train.csv");
    const score = join(dir, "score.csv");
    const params = { as_of: req.asOf, window: Math.round(req.windowMonths), train, score };
    const deals = `FROM opportunities_as_of(CAST($as_of AS DATE)) o JOIN ${src.from} a ON a.account_id = o.account_id
        WHERE coalesce(o.type, 'new') = 'new' AND o.status IN ('won', 'lost')
          AND o.close_date > CAST($as_of AS DATE) - INTERVAL ($window) MONTH`;
    const n = await db.one<{ won: number; lost: number }>(
      `SELECT count(*) FILTER (WHERE o.status = 'won') AS won, count(*) FILTER (WHERE o.status = 'lost') AS lost ${deals}`,
      params,
    );
    if (Math.min(n?.won ?? 0, n?.lost ?? 0) < MIN_CLASS)
      throw new FitUnavailable(
        `${n?.won ?? 0} won and ${n?.lost ?? 0} lost new-business deals closed in the ${req.windowMonths} months before ${req.asOf}: too few to learn a fit model from (at least ${MIN_CLASS} of each)`,
      );
    await db.run(
      `COPY (
        SELECT ${features.join(", ")}, CASE WHEN o.status = 'won' THEN 'won' ELSE 'lost' END AS ${OUTCOME}
        ${deals}
      ) TO $train (HEADER, DELIMITER ',')`,
      params,
    );
    await db.run(
      `COPY (SELECT a.account_id, ${features.join(", ")} FROM ${src.from} a ORDER BY a.account_id)
       TO $score (HEADER, DELIMITER ',')`,
      params,
    );
    const table = await readTrainingTable(train, OUTCOME, "won");
    const { model, evaluation } = trainModel(table.frame, table.target, {
      seed: req.seed ?? 1,
      ...(req.progress ? { progress: req.progress } : {}),
      ...(req.log ? { log: req.log } : {}),
    });
    const scoring = await readScoringTable(score, model.features, ["account_id"]);
    const ids = scoring.keys.find((k) => k.name === "account_id")?.cells ?? [];
    const scorer = new ModelScorer(model, scoring.dataset);
    const fit = scorer.scores();
    return {
      ids,
      fit,
      model,
      evaluation,
      deals: table.target.positives + table.target.negatives,
      explain: (i, k) => scorer.explain(i, k),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
