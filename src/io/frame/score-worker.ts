/**
 * Worker-thread entry: scores one part of a big CSV file into its own score file, so the parts
 * of `paydirt model predict` run on separate cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FilePart } from "./contract.js";
import { loadModel } from "./model-file.js";
import { readScoringTable } from "./read-scoring.js";
import { writeScores } from "./write-scores.js";

/** One part to score. */
export interface ScoreJob {
  readonly model: string;
  readonly data: string;
  readonly out: string;
  readonly explain: number;
  readonly part: FilePart;
}

/** What a worker reports: bytes read so far, or the part's rows and tolerated problems. */
export type ScoreMessage =
  | { kind: "progress"; bytes: number }
  | { kind: "done"; rows: number; warnings: readonly string[] };

const job = workerData as ScoreJob;
if (!parentPort) throw new Error("score worker: no parent port");
const port = parentPort;
const model = await loadModel(job.model);
const table = await readScoringTable(
  job.data,
  model.features,
  model.identifiers,
  (bytes) => port.postMessage({ kind: "progress", bytes } satisfies ScoreMessage),
  job.part,
);
await writeScores(job.out, model, table, job.explain, undefined, false);
port.postMessage({
  kind: "done",
  rows: table.dataset.rows,
  warnings: table.warnings,
} satisfies ScoreMessage);
