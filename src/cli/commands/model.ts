import { availableParallelism } from "node:os";
import {
  ModelEvaluateRequest,
  ModelPredictRequest,
  ModelTrainRequest,
} from "../../core/requests/model.js";
import { candidateResult, chooseCandidate, PRIOR } from "../../core/scoring/ml/cv.js";
import { describeColumns, excludeColumns } from "../../core/scoring/ml/frame.js";
import { featureImportance } from "../../core/scoring/ml/predict.js";
import { ScoringData } from "../../core/scoring/ml/scorers.js";
import {
  type Evaluation,
  evaluateCandidates,
  type ProgressFactory,
  prepare,
  trainModel,
  trainModelConcurrently,
} from "../../core/scoring/ml/train.js";
import { loadModel, saveModel } from "../../io/frame/model-file.js";
import { readTrainingTable } from "../../io/frame/read-training.js";
import { scoreFile } from "../../io/frame/score-file.js";
import { selectInWorker } from "../../io/frame/select-thread.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, num } from "../format.js";
import { type Flag, parseRequest } from "../options.js";
import { startProgress } from "../progress.js";

const usage = `usage:
  paydirt model train    --data FILE.csv --target COLUMN [--positive VALUE] --out MODEL.json
                         [--exclude COL,COL] [--models nb,logistic,gbdt] [--folds K]
                         [--selection-rows N] [--max-rows N] [--seed S]
  paydirt model predict  --model MODEL.json --data FILE.csv --out SCORES.csv [--explain K]
  paydirt model evaluate --data FILE.csv --target COLUMN [--positive VALUE] [--exclude COL,COL]
                         [--models nb,logistic,gbdt] [--folds K] [--rows N] [--seed S]

Fit model (look-alike) on any CSV table: columns are typed by their content (numeric, yes/no,
date, categorical; identifiers, constants and free text are dropped with a reason). A row is
positive when its target cell equals --positive (trimmed; case-insensitive); blank targets are
left out. --positive may be omitted for yes/no and 0/1 targets. --exclude leaves columns out
(e.g. ones only known after the outcome, such as a close value or close date).

train     small tables (at most 2,000 labelled rows): repeated stratified cross-validation of
          a categorical naive Bayes (nb; numbers in equal-count bins; smoothing one for all
          columns or per column by its evidence, chosen by leave-one-out), a one-hot L2 logistic
          regression (penalty by inner cross-validation inside each fold), shallow regularised
          boosted trees (gbdt; tree count by inner cross-validation, root splits by one step of
          lookahead) and their blend (weights chosen on inner out-of-fold scores, the final fit
          with the folds' mean weights); keeps the blend unless the best single learner beats
          it by more than twice the corrected standard error, and then the simplest learner
          within one standard error of the best (paired by fold).
          Larger tables: an L2 logistic model, gradient-boosted trees and their blend (on at
          most --selection-rows rows, default 15,000), the lowest log-loss kept. The chosen
          model is fitted on the labelled rows (at most --max-rows, default 250,000, a
          stratified sample) and written as JSON; the output says which won and why.
predict   writes one line per input row in input order: key columns (dropped identifiers),
          score = calibrated P(positive), and with --explain K (default 3; 0 for none) the K
          features that raised and lowered the score most (logit units). The target column
          may be absent; missing feature columns are scored as missing.
evaluate  cross-validated AUC with its 95% interval, Brier score, log-loss, lift in the top
          decile and calibration tables for each candidate and the prior baseline, on at most
          --rows rows (default 200,000), and which candidate train would choose and why.`;

/** Flags of the labelled table, shared by train and evaluate. */
const TABLE_FLAGS = {
  data: { type: "string" },
  target: { type: "string" },
  positive: { type: "string" },
  exclude: { type: "list" },
  models: { type: "list" },
  folds: { type: "number" },
  seed: { type: "number" },
} satisfies Record<string, Flag>;

/** `paydirt model train|predict|evaluate` flags and the requests they fill (src/core/requests/model.ts). */
const TRAIN = {
  schema: ModelTrainRequest,
  flags: {
    ...TABLE_FLAGS,
    out: { type: "string" },
    "selection-rows": { type: "number" },
    "max-rows": { type: "number" },
  } satisfies Record<string, Flag>,
};
const PREDICT = {
  schema: ModelPredictRequest,
  flags: {
    model: { type: "string" },
    data: { type: "string" },
    out: { type: "string" },
    explain: { type: "number" },
  } satisfies Record<string, Flag>,
};
const EVALUATE = {
  schema: ModelEvaluateRequest,
  flags: { ...TABLE_FLAGS, rows: { type: "number" } } satisfies Record<string, Flag>,
};

const progress: ProgressFactory = (label, total) => startProgress(label, total);

function byteBar(label: string) {
  let bar: ReturnType<typeof startProgress> | null = null;
  return {
    update(done: number, total: number) {
      bar ??= startProgress(label, total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "-");
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "-");

function metricsTable(evaluation: Evaluation): string {
  const choice = evaluation.choice;
  return formatTable(
    evaluation.results.map(({ candidate, metrics: m }) => {
      const r = candidateResult(candidate, m);
      const s = choice?.stats.find((x) => x.candidate === candidate);
      return {
        model: candidate,
        AUC: f3(r.auc),
        "AUC 95%": `${f3(r.aucLo)}-${f3(r.aucHi)}`,
        ...(choice
          ? {
              "behind chosen":
                s && candidate !== choice.chosen ? `${f3(s.behind)} +- ${f3(s.behindSe)}` : "",
            }
          : {}),
        Brier: f4(r.brier),
        "log-loss": f4(r.logLoss),
        "lift top 10%": Number.isFinite(r.lift10) ? r.lift10.toFixed(2) : "-",
        "calib. error": f4(r.calibrationError),
        ...(choice
          ? { settings: s?.settings ?? "", chosen: candidate === choice.chosen ? "yes" : "" }
          : {}),
      };
    }),
  );
}

/** How the candidates were cross-validated, for the line above the table. */
function howValidated(e: Evaluation): string {
  if (!e.repeats)
    return `cross-validated on ${num(e.rows)} rows, ${e.folds} folds (AUC interval: DeLong, out-of-fold predictions):`;
  return `cross-validated on ${num(e.rows)} rows, ${e.repeats} x ${e.folds} folds, each learner tuned inside each training fold (AUC: mean over folds, 95% interval corrected for overlapping folds; behind chosen: paired by fold, +- standard error):`;
}

/** With PAYDIRT_TIMING set, print the peak memory and CPU time (read by the benchmark). */
function reportPeak(): void {
  if (!process.env.PAYDIRT_TIMING) return;
  const u = process.resourceUsage();
  console.log(`peak memory ${Math.round(u.maxRSS / 1024)} MiB`);
  console.log(`cpu time ${((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(1)} s`);
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

function warn(lines: readonly string[]): void {
  for (const l of lines) console.error(`warning: ${l}`);
}

async function readTable(values: {
  data: string;
  target: string;
  positive?: string | undefined;
  exclude?: string[] | undefined;
}) {
  const bar = byteBar("reading");
  try {
    const table = await readTrainingTable(values.data, values.target, values.positive, (d, t) =>
      bar.update(d, t),
    );
    bar.stop();
    warn(table.warnings);
    const { frame, unknown } = excludeColumns(table.frame, values.exclude ?? []);
    if (unknown.length > 0)
      throw new UsageError(
        `--exclude names unknown columns: ${unknown.map((u) => `"${u}"`).join(", ")}`,
      );
    return { ...table, frame };
  } finally {
    bar.stop();
  }
}

function chosenByLogLoss(e: Evaluation): string {
  const results = e.results.map((r) => candidateResult(r.candidate, r.metrics));
  return `${chooseCandidate(results)}: the lowest cross-validated log-loss`;
}

function describeTarget(t: {
  name: string;
  positive: string;
  positives: number;
  negatives: number;
  unlabelled: number;
}): string {
  const blank = t.unlabelled > 0 ? `; ${num(t.unlabelled)} rows with a blank target left out` : "";
  return `target ${t.name} = "${t.positive}": ${num(t.positives)} positive, ${num(t.negatives)} negative${blank}`;
}

async function train(argv: readonly string[]): Promise<number> {
  const values = parseRequest(argv, TRAIN);
  const out = values.out;
  const started = performance.now();
  const { frame, target } = await readTable(values);
  console.log(
    `read ${num(frame.rows)} rows x ${frame.columns.length + 1} columns in ${elapsed(started)}`,
  );
  console.log(describeTarget(target));
  console.log(`\n${formatTable(describeColumns(frame.columns))}\n`);
  const options = {
    seed: values.seed,
    folds: values.folds,
    selectionRows: values.selectionRows,
    maxRows: values.maxRows,
    learners: values.models,
    progress,
    log: (m: string) => console.log(m),
  };
  // On several cores the cross-validation runs in a worker thread alongside the final fit.
  const { model, evaluation, dataset, suspects } =
    availableParallelism() > 1 && frame.rows >= 5000
      ? await trainModelConcurrently(frame, target, options, selectInWorker)
      : trainModel(frame, target, options);
  console.log(howValidated(evaluation));
  console.log(metricsTable(evaluation));
  console.log(`\nchosen: ${model.selection.reason ?? model.candidate}`);
  console.log(`fitted ${model.candidate} on ${num(model.trainedRows)} rows`);
  for (const s of suspects)
    console.error(
      `warning: column "${s.column}" alone separates the classes (AUC ${s.auc.toFixed(3)}): if it is known only after the outcome, leave it out with --exclude ${s.column}`,
    );
  const importance = featureImportance(model, dataset).slice(0, 10);
  console.log(
    `\n${formatTable(importance.map((i) => ({ "top features": i.column, "mean |effect| (logit)": f3(i.importance) })))}`,
  );
  await saveModel(out, model);
  console.log(`\nwrote ${out} in ${elapsed(started)}`);
  reportPeak();
  return 0;
}

async function predict(argv: readonly string[]): Promise<number> {
  const values = parseRequest(argv, PREDICT);
  const { model: modelPath, data, out, explain } = values;
  const started = performance.now();
  const model = await loadModel(modelPath);
  const bar = byteBar("scoring");
  const scored = await scoreFile(modelPath, model, data, out, explain, (d, t) => bar.update(d, t));
  bar.stop();
  warn(scored.warnings);
  if (scored.missing.length > 0)
    console.error(
      `warning: ${data} lacks model columns ${scored.missing.map((c) => `"${c}"`).join(", ")}; scored as missing`,
    );
  console.log(
    `scored ${num(scored.rows)} rows with ${model.candidate}; wrote ${out} in ${elapsed(started)}`,
  );
  reportPeak();
  return 0;
}

async function evaluate(argv: readonly string[]): Promise<number> {
  const values = parseRequest(argv, EVALUATE);
  const started = performance.now();
  const { frame, target } = await readTable(values);
  console.log(describeTarget(target));
  const data = new ScoringData(prepare(frame));
  const evaluation = evaluateCandidates(
    data,
    target,
    {
      seed: values.seed,
      folds: values.folds,
      learners: values.models,
      progress,
    },
    values.rows,
  );
  console.log(`\n${howValidated(evaluation)}`);
  console.log(metricsTable(evaluation));
  console.log(`\nchosen: ${evaluation.choice?.reason ?? chosenByLogLoss(evaluation)}`);
  for (const { candidate, metrics } of evaluation.results) {
    console.log(`\ncalibration of ${candidate}${candidate === PRIOR ? " (baseline)" : ""}:`);
    console.log(
      formatTable(
        metrics.calibration.map((b, i) => ({
          bin: String(i + 1),
          rows: num(b.rows),
          "mean predicted": f4(b.predicted),
          observed: f4(b.observed),
        })),
      ),
    );
  }
  console.log(`\nevaluated in ${elapsed(started)}`);
  return 0;
}

const SUB: Record<string, (argv: readonly string[]) => Promise<number>> = {
  train,
  predict,
  evaluate,
};

export const command: Command = {
  name: "model",
  summary:
    "fit model on any CSV: train, predict (scores with reasons), evaluate by cross-validation",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    const run = sub ? SUB[sub] : undefined;
    if (!run)
      throw new UsageError(
        sub ? `unknown subcommand "${sub}"` : "give a subcommand: train, predict or evaluate",
        sub ? "unknown_command" : "missing_argument",
      );
    return run(rest);
  },
};
