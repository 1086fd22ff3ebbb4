import { candidateResult, chooseCandidate, crossValidate, PRIOR, summarise } from "./cv.js";
import { canonicalOrder, type Dataset, encodeFrame } from "./dataset.js";
import { type Ensemble, fitCandidates } from "./ensemble.js";
import { learnFeatures } from "./features.js";
import { labelledRows, stratifiedSplit } from "./folds.js";
import { describeColumns, type Frame, selectRows } from "./frame.js";
import { type LeakageSuspect, leakageSuspects } from "./leakage.js";
import { type FitContext, LARGE_DEFAULT, LEARNERS, type Learner } from "./learners.js";
import type { Metrics } from "./metrics.js";
import type { FitModel } from "./model.js";
import { ScoringData } from "./scorers.js";
import {
  type Choice,
  chooseByNoise,
  fitChoice,
  repeatedCrossValidation,
  repeatsFor,
} from "./select.js";
import type { Target } from "./target.js";

/** A unit of progress reporting, created per stage by the caller (a CLI bar or nothing). */
export type ProgressFactory = (label: string, total: number) => { tick(): void; stop(): void };

/** Training settings; the defaults suit most tables. */
export interface TrainOptions {
  readonly seed?: number;
  /** Rows (at most) on which candidates are cross-validated before the final fit on all rows. */
  readonly selectionRows?: number;
  readonly folds?: number;
  /** Repetitions of the k-fold split on small tables (default: more for smaller tables). */
  readonly repeats?: number;
  /** Rows (at most, a stratified sample) the chosen model is finally fitted on. */
  readonly maxRows?: number;
  /** Learners to try (names from LEARNERS); all by default. */
  readonly learners?: readonly string[];
  /** Rule weighing the small-data stack (a name from STACK_RULES; STACK_RULE by default). */
  readonly stack?: string;
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

/**
 * Tables with at most this many labelled rows take the small-data path: learners tuned by inner
 * cross-validation, repeated cross-validation, a choice that does not follow noise. Larger tables
 * take the cheaper holdout path: there a holdout of a fifth of the rows already measures well,
 * and the nested tuning cost more than that path (Maven CRM's 2,679 deals: 13 s against 11 s at a load of 26).
 */
export const SMALL_ROWS = 2000;

const none: ProgressFactory = () => ({ tick() {}, stop() {} });

/** Features learnt on the frame, encoded in canonical (content) order. */
export function prepare(frame: Frame): Dataset {
  const features = learnFeatures(frame);
  if (features.length === 0)
    throw new Error("no usable feature column: every column was dropped (see the column report)");
  return canonicalOrder(encodeFrame(frame, features));
}

function pickLearners(names: readonly string[] | undefined, small = false): Learner[] {
  if (!names) return small ? [...LEARNERS] : LEARNERS.filter((l) => LARGE_DEFAULT.includes(l.name));
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
  /** Repetitions of the k-fold split (small tables). */
  readonly repeats?: number;
  readonly results: readonly { candidate: string; metrics: Metrics }[];
  /** Small tables: the choice made by the noise-aware rule, with its reason. */
  readonly choice?: Choice;
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
  let positives = 0;
  for (const r of rows) positives += target.labels[r] as number;
  const minority = Math.min(positives, rows.length - positives);
  const k = Math.max(2, Math.min(options.folds ?? (rows.length <= 10_000 ? 5 : 3), minority));
  const ctx: FitContext = {
    data,
    labels: target.labels,
    seed,
    ...(options.stack ? { stack: options.stack } : {}),
  };
  if (rows.length <= SMALL_ROWS) {
    const learners = pickLearners(options.learners, true);
    const repeats = options.repeats ?? repeatsFor(rows.length);
    const bar = progress("cross-validation", k * repeats);
    const cv = repeatedCrossValidation(ctx, rows, learners, k, repeats, () => bar.tick());
    bar.stop();
    const choice = chooseByNoise(cv, learners);
    const results = choice.stats.map((s) => ({ candidate: s.candidate, metrics: s.metrics }));
    return { rows: rows.length, folds: k, repeats, results, choice };
  }
  const bar = progress("cross-validation", k);
  const cv = crossValidate(ctx, rows, pickLearners(options.learners), k, () => bar.tick());
  bar.stop();
  return { rows: rows.length, folds: k, results: summarise(cv) };
}

/** A cross-validation to run (maybe on another thread): a compact dataset of the sampled rows. */
export interface SelectionJob {
  readonly dataset: Dataset;
  readonly target: Target;
  readonly seed: number;
  readonly folds?: number;
  readonly repeats?: number;
  readonly learners?: readonly string[];
  readonly stack?: string;
}

/** The selection cross-validation of a training dataset: its sampled rows, copied compactly. */
export function selectionJob(ds: Dataset, target: Target, options: TrainOptions): SelectionJob {
  const seed = options.seed ?? 1;
  checkClasses(target);
  const rows = sampleRows(target.labels, options.selectionRows ?? DEFAULT_SELECTION, seed);
  const labels = Int8Array.from(rows, (r) => target.labels[r] as number);
  let positives = 0;
  for (const l of labels) positives += l;
  return {
    dataset: {
      rows: rows.length,
      features: ds.features,
      bins: ds.bins.map((b) => Uint8Array.from(rows, (r) => b[r] as number)),
      values: ds.values.map((v) => (v ? Float64Array.from(rows, (r) => v[r] as number) : null)),
    },
    target: { ...target, labels, positives, negatives: rows.length - positives, unlabelled: 0 },
    seed,
    ...(options.folds ? { folds: options.folds } : {}),
    ...(options.repeats ? { repeats: options.repeats } : {}),
    ...(options.learners ? { learners: options.learners } : {}),
    ...(options.stack ? { stack: options.stack } : {}),
  };
}

/** Run a selection cross-validation (pure; the CLI runs it in a worker thread). */
export function runSelection(job: SelectionJob, progress?: ProgressFactory): Evaluation {
  return evaluateCandidates(
    new ScoringData(job.dataset),
    job.target,
    {
      seed: job.seed,
      ...(job.folds ? { folds: job.folds } : {}),
      ...(job.repeats ? { repeats: job.repeats } : {}),
      ...(job.learners ? { learners: job.learners } : {}),
      ...(job.stack ? { stack: job.stack } : {}),
      ...(progress ? { progress } : {}),
    },
    Number.POSITIVE_INFINITY,
  );
}

/** What training holds between its steps. */
interface Training {
  readonly frame: Frame;
  readonly fullTarget: Target;
  readonly target: Target;
  readonly ds: Dataset;
  readonly data: ScoringData;
  readonly job: SelectionJob;
  readonly options: TrainOptions;
  log(what: string, since: number): void;
}

function startTraining(frame: Frame, fullTarget: Target, options: TrainOptions): Training {
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
  log("encoded features", clock);
  const job = selectionJob(ds, target, options);
  return { frame, fullTarget, target, ds, data: new ScoringData(ds), job, options, log };
}

/** Fit every candidate on the training rows (the choice among them comes from the selection). */
function fitAll(t: Training): Map<string, Ensemble> {
  const learners = pickLearners(t.options.learners);
  const rows = labelledRows(t.target.labels);
  const bar = (t.options.progress ?? none)("final fit", learners.length * 300);
  const ctx: FitContext = {
    data: t.data,
    labels: t.target.labels,
    seed: t.options.seed ?? 1,
    onStep: () => bar.tick(),
  };
  const clock = Date.now();
  const fitted = fitCandidates(ctx, rows, learners, rows.length <= REFIT_ROWS);
  bar.stop();
  t.log(`fitted the candidates on ${rows.length} rows`, clock);
  return fitted;
}

/** A trained model, how the candidates fared, its encoded rows and columns suspected of leakage. */
export interface Trained {
  readonly model: FitModel;
  readonly evaluation: Evaluation;
  readonly dataset: Dataset;
  readonly suspects: readonly LeakageSuspect[];
}

/** Fit the candidate the small-data selection chose on the training rows. */
function fitChosen(t: Training, choice: Choice): Map<string, Ensemble> {
  const { chosen, blendWeights } = choice;
  const rows = labelledRows(t.target.labels);
  const ctx: FitContext = {
    data: t.data,
    labels: t.target.labels,
    seed: t.options.seed ?? 1,
    ...(t.options.stack ? { stack: t.options.stack } : {}),
  };
  const clock = Date.now();
  const ensemble = fitChoice(
    ctx,
    rows,
    pickLearners(t.options.learners, true),
    chosen,
    blendWeights,
  );
  t.log(`fitted ${chosen} on ${rows.length} rows`, clock);
  return new Map([[chosen, ensemble]]);
}

function assemble(t: Training, fitted: Map<string, Ensemble>, evaluation: Evaluation): Trained {
  const choice = evaluation.choice;
  const results = choice
    ? choice.stats.map((s) => ({
        ...candidateResult(s.candidate, s.metrics),
        behind: s.behind,
        behindSe: s.behindSe,
        ...(s.settings ? { settings: s.settings } : {}),
      }))
    : evaluation.results.map((r) => candidateResult(r.candidate, r.metrics));
  const chosen = choice?.chosen ?? chooseCandidate(results);
  const reason = choice
    ? [choice.reason, choice.fit].filter(Boolean).join("; ")
    : `${chosen}: the lowest cross-validated log-loss`;
  const ensemble = fitted.get(chosen) as Ensemble;
  const model: FitModel = {
    format: "paydirt-fit-model",
    version: 1,
    target: { column: t.target.name, positive: t.target.positive },
    candidate: chosen,
    prior: t.fullTarget.positives / (t.fullTarget.positives + t.fullTarget.negatives),
    features: t.ds.features,
    members: ensemble.members,
    calibration: ensemble.calibration,
    identifiers: t.frame.columns
      .filter((c) => c.kind === "dropped" && c.identifier)
      .map((c) => c.name),
    columns: describeColumns(t.frame.columns),
    selection: {
      rows: evaluation.rows,
      folds: evaluation.folds,
      ...(evaluation.repeats ? { repeats: evaluation.repeats } : {}),
      reason,
      results,
    },
    trainedRows: labelledRows(t.target.labels).length,
  };
  return { model, evaluation, dataset: t.ds, suspects: leakageSuspects(t.ds, t.target.labels) };
}

/**
 * Learn a fit model: type and encode the columns, cross-validate the candidates (logistic,
 * boosted trees, their blend) on a sample, choose by log-loss, and keep that candidate fitted
 * on the labelled rows (a stratified sample of at most maxRows).
 */
export function trainModel(frame: Frame, target: Target, options: TrainOptions = {}): Trained {
  const t = startTraining(frame, target, options);
  const clock = Date.now();
  const evaluation = runSelection(t.job, options.progress);
  t.log("cross-validated candidates", clock);
  const fitted = evaluation.choice ? fitChosen(t, evaluation.choice) : fitAll(t);
  return assemble(t, fitted, evaluation);
}

/**
 * `trainModel` with the cross-validation handed to `select` (e.g. a worker thread), running
 * while this thread fits the candidates: the same model, in less time on several cores.
 */
export async function trainModelConcurrently(
  frame: Frame,
  target: Target,
  options: TrainOptions,
  select: (job: SelectionJob) => Promise<Evaluation>,
): Promise<Trained> {
  if (labelledRows(target.labels).length <= SMALL_ROWS) return trainModel(frame, target, options);
  const t = startTraining(frame, target, options);
  const clock = Date.now();
  const selecting = select(t.job).then((e) => {
    t.log("cross-validated candidates (worker thread)", clock);
    return e;
  });
  const fitted = fitAll(t);
  const evaluation = await selecting;
  // A small selection sample (--selection-rows) chooses among the tuned learners: fit that one.
  return assemble(t, evaluation.choice ? fitChosen(t, evaluation.choice) : fitted, evaluation);
}

export { PRIOR };
