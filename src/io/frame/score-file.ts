import { createReadStream, createWriteStream } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { pipeline } from "node:stream/promises";
import { Worker } from "node:worker_threads";
import type { FitModel } from "../../core/scoring/ml/model.js";
import { openCsv } from "../csv/reader.js";
import { splitPoints } from "../csv/split.js";
import { csvLine } from "../csv/write.js";
import { uniqueHeader } from "./header.js";
import { readScoringTable } from "./read-scoring.js";
import type { ScoreJob, ScoreMessage } from "./score-worker.js";
import { scoreHeader, writeScores } from "./write-scores.js";

/** Files smaller than this are scored on the main thread. */
const PARALLEL_BYTES = 32 << 20;

/** What scoring a file found. */
export interface ScoredFile {
  readonly rows: number;
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
  /** Parts scored in parallel (1: the whole file on the main thread). */
  readonly parts: number;
}

/**
 * Score a CSV file into `out`. Big files are split at newlines into parts scored by worker
 * threads (one per core) and concatenated in order; if any part reports a problem, the file is
 * scored again as a whole so messages carry the right line numbers.
 */
export async function scoreFile(
  modelPath: string,
  model: FitModel,
  data: string,
  out: string,
  explain: number,
  onBytes?: (done: number, total: number) => void,
  parallelBytes = PARALLEL_BYTES,
): Promise<ScoredFile> {
  const size = (await stat(data)).size;
  const parts = Math.min(availableParallelism(), Math.floor(size / parallelBytes));
  if (parts >= 2) {
    const done = await scoreInParts(modelPath, model, data, out, explain, size, parts, onBytes);
    if (done) return done;
  }
  const table = await readScoringTable(data, model.features, model.identifiers, onBytes);
  await writeScores(out, model, table, explain);
  return { rows: table.dataset.rows, missing: table.missing, warnings: table.warnings, parts: 1 };
}

async function scoreInParts(
  modelPath: string,
  model: FitModel,
  data: string,
  out: string,
  explain: number,
  size: number,
  parts: number,
  onBytes?: (done: number, total: number) => void,
): Promise<ScoredFile | null> {
  const head = await openCsv(data);
  await head.close();
  const splits = await splitPoints(data, size, parts);
  if (head.dialect.newline === "\r" || splits.length === 0 || head.problems.length > 0) return null;
  const header = uniqueHeader(head.header);
  const bounds = [0, ...splits, size];
  const read = new Array<number>(bounds.length - 1).fill(0);
  const jobs: ScoreJob[] = bounds.slice(0, -1).map((start, k) => ({
    model: modelPath,
    data,
    out: `${out}.part${k}`,
    explain,
    part: { start, end: bounds[k + 1] as number, dialect: head.dialect, header },
  }));
  try {
    const results = await Promise.all(
      jobs.map((job, k) =>
        inWorker(job, (bytes) => {
          read[k] = bytes;
          onBytes?.(
            read.reduce((a, b) => a + b, 0),
            size,
          );
        }),
      ),
    );
    if (results.some((r) => r.warnings.length > 0)) return null;
    const fh = await open(out, "w");
    await fh.write(csvLine(scoreHeader(keysIn(model, header), explain)));
    await fh.close();
    for (const job of jobs)
      await pipeline(createReadStream(job.out), createWriteStream(out, { flags: "a" }));
    const missing = model.features
      .map((f) => f.column)
      .filter((c) => !header.some((h) => h.toLowerCase() === c.toLowerCase()));
    const rows = results.reduce((s, r) => s + r.rows, 0);
    return { rows, missing, warnings: [], parts: jobs.length };
  } catch {
    // A part that does not parse on its own (a quoted newline at a split): score the whole file.
    return null;
  } finally {
    await Promise.all(jobs.map((j) => rm(j.out, { force: true })));
  }
}

/** Key columns of the model present in a header, in the model's order (as readScoringTable). */
function keysIn(model: FitModel, header: readonly string[]): string[] {
  return model.identifiers.filter((k) =>
    header.some((h) => h.trim() === k.trim() || h.trim().toLowerCase() === k.trim().toLowerCase()),
  );
}

/** Run one part in a worker thread (through tsx when running from TypeScript sources). */
function inWorker(
  job: ScoreJob,
  onBytes: (bytes: number) => void,
): Promise<{ rows: number; warnings: readonly string[] }> {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./score-worker.dev.mjs" : "./score-worker.js", import.meta.url);
  const worker = new Worker(url, { workerData: job });
  return new Promise((resolve, reject) => {
    worker.on("message", (m: ScoreMessage) => {
      if (m.kind === "progress") onBytes(m.bytes);
      else resolve({ rows: m.rows, warnings: m.warnings });
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`score worker for ${job.data} exited with code ${code}`));
    });
  });
}
