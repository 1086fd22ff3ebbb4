/**
 * Worker-thread entry: reads one part of a big training CSV into column accumulators, so the
 * parts of `paydirt model train` are parsed on separate cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AccumulatorState } from "../../core/scoring/ml/column.js";
import { TableBuilder } from "../../core/scoring/ml/table.js";
import { openCsv } from "../csv/reader.js";
import type { FilePart } from "./read-scoring.js";
import { readBatches } from "./read-training.js";

/** One part to read. */
export interface ReadJob {
  readonly data: string;
  readonly part: FilePart;
}

/** What a worker reports: bytes read so far, or the part's columns and tolerated problems. */
export type ReadMessage =
  | { kind: "progress"; bytes: number }
  | { kind: "done"; columns: AccumulatorState[]; warnings: readonly string[] };

const job = workerData as ReadJob;
if (!parentPort) throw new Error("read worker: no parent port");
const port = parentPort;
const { part } = job;
const csv = await openCsv(job.data, {
  start: part.start,
  end: part.end,
  dialect: part.dialect,
  width: part.header.length,
  header: part.start === 0,
});
const builder = new TableBuilder(part.header, 64 * 1024);
const warnings = await readBatches(
  csv,
  (rows) => {
    for (const row of rows) builder.push(row.fields);
  },
  (bytes) => port.postMessage({ kind: "progress", bytes } satisfies ReadMessage),
);
const columns = builder.accumulators.map((a) => a.snapshot());
port.postMessage({ kind: "done", columns, warnings } satisfies ReadMessage, [
  ...columns.flatMap((c) => [c.num.buffer as ArrayBuffer, c.code.buffer as ArrayBuffer]),
]);
