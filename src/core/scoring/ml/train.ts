import { candidateResult, chooseCandidate, crossValidate, PRIOR, summarise } from "./cv.js";
import { canonicalOrder, type Dataset, encodeFrame } from "./dataset.js";
import { type Ensemble, fitCandidates } from "./ensemble.js";
import { learnFeatures } from "./features.js";
import { labelledRows, stratifiedSplit } from "./folds.js";
import { describeColumns, type Frame, selectRows } from "./frame.js";
import { type FitContext, LEARNERS, type Learner } from "./learners.js";
import type { Metrics } from "./metrics.js";
import type { FitModel } from "./model.js";
import { ScoringData } from "./scorers.js";
import type { Target } from "./target.js";

/** A unit of progress reporting, created per stage by the caller (a CLI bar or nothing). */
export type ProgressFactory = (label: string, total: number) => { tick(): void; stop(): void };

/** Training settings; the defaults suit most tables. */
export interface TrainOptions {
  readonly seed?: number;
  /** Rows (at most) on which candidates are cross-validated before the final fit on all rows. */
  readonly selectionRows?: number;
  readonly folds?: number;
  /** Rows (at most, a stratified sample) the chosen model is finally fitted on. */
  readonly maxRows?: number;
  /** Learners to try (names from LEARNERS); all by default. */
  readonly learners?: readonly string[];
  readonly progress?: ProgressFactory;
  /** Receives one line per finished stage, with its time. */
  readonly log?: (line: string) => void;
}

/** Final fits on at most this many rows are refitted on all of them after choosing settings. */
const REFIT_ROWS = 50_000;
const DEFAULT_SELECTION = 15_000;
/**
 * Default bound on the rows of the final fit: learning curves of tabular models with tens of
 * features are flat long before this, while time grows linearly (raise it with `maxRows`).
 */
export const DEFAULT_MAX_ROWS = 250_000;

const none: ProgressFactory = () => ({ tick() {}, stop() {} });

/** Features learnt on the frame, encoded in canonical (content) order. */
export function prepare(frame: Frame): Dataset {
  const features = learnFeatures(frame);
  if (features.length === 0)
    throw new Error("no usable feature column: every column was dropped (see the column report)");
  return canonicalOrder(encodeFrame(frame, features));
}

function pickLearners(names: readonly string[] | undefined): Learner[] {
  if (!names) return [...LEARNERS];
  const out = LEARNERS.filter((l) => names.includes(l.name));
  const unknown = names.filter((n) => !LEARNERS.some((l) => l.name === n));
  if (unknown.length > 0 || out.length === 0)
    throw new Error(
      `unknown model "${unknown.join(", ")}": choose from ${LEARNERS.map((l) => l.name).join(", ")}`,
    );
  return out;
}

/** Labelled rows, and a stratified sample of at most `max` of them. */
function sampleRows(labels: Int8Array, max: number, seed: number): Int32Array {
  const rows = labelledRows(labels);
  if (rows.length <= max) return rows;
  return stratifiedSplit(labels, rows, max / rows.length, seed).part;
}

function checkClasses(target: Target): void {
  const minority = Math.min(target.positives, target.negatives);
  if (minority < 5)
    throw new Error(
      `too few rows to learn from: ${target.positives} positive and ${target.negatives} negative (need at least 5 of each)`,
    );
}

/** The labelled rows of a table, or a stratified sample of `max` of them when there are more. */
function restrict(
  frame: Frame,
  target: Target,
  max: number,
  seed: number,
): { frame: Frame; target: Target } {
  const rows = sampleRows(target.labels, max, seed + 1);
  if (rows.length === frame.rows) return { frame, target };
  const labels = Int8Array.from(rows, (r) => target.labels[r] as number);
  let positives = 0;
  for (const l of labels) positives += l;
  return {
    frame: selectRows(frame, rows),
    target: { ...target, labels, positives, negatives: labels.length - positives, unlabelled: 0 },
  };
}

/** Result of cross-validating every candidate. */
export interface Evaluation {
  readonly rows: number;
  readonly folds: number;
  readonly results: readonly { candidate: string; metrics: Metrics }[];
}

/** Cross-validate the candidates on (a sample of) the labelled rows. */
export function evaluateCandidates(
  data: ScoringData,
  target: Target,
  options: TrainOptions,
  sample: number,
): Evaluation {
  checkClasses(target);
  const seed = options.seed ?? 1;
  const progress = options.progress ?? none;
  const rows = sampleRows(target.labels, sample, seed);
  const minority = Math.min(target.positives, target.negatives, rows.length);
  const k = Math.max(2, Math.min(options.folds ?? (rows.length <= 10_000 ? 5 : 3), minority));
  const bar = progress("cross-validation", k);
  const ctx: FitContext = { data, labels: target.labels, seed };
  const cv = crossValidate(ctx, rows, pickLearners(options.learners), k, () => bar.tick());
  bar.stop();
  return { rows: rows.length, folds: k, results: summarise(cv) };
}

/**
 * Learn a fit model: type and encode the columns, cross-validate the candidates (logistic,
 * boosted trees, their blend) on a sample, choose by log-loss, then fit the choice on every
 * labelled row.
 */
export function trainModel(
  frame: Frame,
  fullTarget: Target,
  options: TrainOptions = {},
): { model: FitModel; evaluation: Evaluation; dataset: Dataset } {
  const clock = Date.now();
  const log = (what: string, since: number) =>
    options.log?.(`${what} in ${((Date.now() - since) / 1000).toFixed(1)} s`);
  const seed = options.seed ?? 1;
  // Only the rows the final fit uses are encoded: a stratified sample of at most maxRows.
  const { frame: used, target } = restrict(
    frame,
    fullTarget,
    options.maxRows ?? DEFAULT_MAX_ROWS,
    seed,
  );
  const ds = prepare(used);
  const data = new ScoringData(ds);
  log("encoded features", clock);
  const cvClock = Date.now();
  const evaluation = evaluateCandidates(
    data,
    target,
    options,
    options.selectionRows ?? DEFAULT_SELECTION,
  );
  log("cross-validated candidates", cvClock);
  const results = evaluation.results.map((r) => candidateResult(r.candidate, r.metrics));
  const chosen = chooseCandidate(results);
  const learners = pickLearners(options.learners).filter(
    (l) => chosen === "blend" || l.name === chosen,
  );
  const rows = labelledRows(target.labels);
  const progress = options.progress ?? none;
  const bar = progress(`final fit (${chosen})`, learners.length * 600);
  const ctx: FitContext = { data, labels: target.labels, seed, onStep: () => bar.tick() };
  const fitClock = Date.now();
  const fitted = fitCandidates(ctx, rows, learners, rows.length <= REFIT_ROWS);
  bar.stop();
  log(`fitted ${chosen} on ${rows.length} rows`, fitClock);
  const ensemble = fitted.get(chosen) as Ensemble;
  const model: FitModel = {
    format: "paydirt-fit-model",
    version: 1,
    target: { column: target.name, positive: target.positive },
    candidate: chosen,
    prior: fullTarget.positives / (fullTarget.positives + fullTarget.negatives),
    features: ds.features,
    members: ensemble.members,
    calibration: ensemble.calibration,
    identifiers: frame.columns
      .filter((c) => c.kind === "dropped" && c.identifier)
      .map((c) => c.name),
    columns: describeColumns(frame.columns),
    selection: { rows: evaluation.rows, folds: evaluation.folds, results },
    trainedRows: rows.length,
  };
  return { model, evaluation, dataset: ds };
}

export { PRIOR };
