/**
 * Worker-thread entry: parses one CSV file into a stage file so that several files (and the
 * main thread's database work) proceed on separate cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type EntityMapping, entityByName } from "../../core/model/index.js";
import { openCsv } from "../csv/reader.js";
import { parseSource } from "./parse.js";
import { csvSource } from "./source.js";

export interface ParseJob {
  readonly entity: string;
  readonly path: string;
  readonly index: number;
  readonly mapping?: EntityMapping;
  readonly cap: number;
}

const job = workerData as ParseJob;
const entity = entityByName(job.entity);
if (!entity || !parentPort) throw new Error(`parse worker: bad job ${JSON.stringify(job)}`);
const port = parentPort;
const source = csvSource(job.path, await openCsv(job.path));
const result = await parseSource(source, entity, job.index, job.mapping, job.cap, (done) =>
  port.postMessage({ kind: "progress", done }),
);
port.postMessage({ kind: "done", result });
