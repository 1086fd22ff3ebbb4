/**
 * Worker-thread entry: parses one CSV file into a stage file so that several files (and the
 * main thread's database work) proceed on separate cores.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type EntityMapping, entityByName } from "../../core/model/index.js";
import type { CsvDialect } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { parseSource } from "./parse.js";
import { csvSource } from "./source.js";

export interface ParseJob {
  readonly entity: string;
  readonly path: string;
  readonly index: number;
  readonly mapping?: EntityMapping;
  readonly cap: number;
  /** The import's stage folder. */
  readonly stageDir?: string;
  /** Text encoding of the file (when not UTF-8 or marked by a byte-order mark). */
  readonly encoding?: string;
  /** A part of a split file: its byte range, and the file's dialect and header. */
  readonly part?: {
    readonly start: number;
    readonly end: number;
    readonly dialect: CsvDialect;
    readonly header: readonly string[];
  };
}

const job = workerData as ParseJob;
const entity = entityByName(job.entity);
if (!entity || !parentPort) throw new Error(`parse worker: bad job ${JSON.stringify(job)}`);
const port = parentPort;
const part = job.part;
const csv = await openCsv(job.path, {
  ...(job.encoding ? { encoding: job.encoding } : {}),
  ...(part
    ? {
        start: part.start,
        end: part.end,
        dialect: part.dialect,
        width: part.header.length,
        header: part.start === 0,
      }
    : {}),
});
const source = csvSource(job.path, csv, part?.header);
const result = await parseSource(
  source,
  entity,
  job.index,
  job.mapping,
  job.cap,
  (done) => port.postMessage({ kind: "progress", done }),
  part === undefined,
  job.stageDir,
);
port.postMessage({ kind: "done", result });
