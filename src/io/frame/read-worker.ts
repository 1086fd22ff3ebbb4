/**
 * Worker-thread entry: reads one part of a big training CSV into column accumulators, so the
 * parts of `paydirt model train` are parsed on separate cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TableBuilder } from "../../core/scoring/ml/table.js";
import { openCsv } from "../csv/reader.js";
import type { ReadJob, ReadMessage } from "./contract.js";
import { readBatches } from "./read-training.js";

export type { ReadJob, ReadMessage } from "./contract.js";

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
