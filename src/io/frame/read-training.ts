import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CsvCode } from "../../core/codes/csv.js";
import { PaydirtError } from "../../core/errors.js";
import { issue } from "../../core/issues.js";
import type { AccumulatorState } from "../../core/scoring/ml/column.js";
import { TableBuilder, type TrainingTable } from "../../core/scoring/ml/table.js";
import type { CsvDialect, CsvFile, CsvProblem } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { splitPoints } from "../csv/split.js";
import type { ByteProgress, ReadJob, ReadMessage } from "./contract.js";
import { findColumn, uniqueHeader } from "./header.js";

export type { ByteProgress } from "./contract.js";

/** A CSV file's structural problems as `file:line:column: message` lines (at most `limit`). */
export function problemLines(path: string, problems: readonly CsvProblem[], limit = 10): string {
  const shown = problems.slice(0, limit).map((p) => `${path}:${p.line}:${p.column}: ${p.message}`);
  const more = problems.length > limit ? [`(${problems.length - limit} more problems)`] : [];
  return [...shown, ...more].join("\n");
}

/** The coded error of a file whose rows cannot be trusted, each problem at its place. */
function unreadable(path: string, problems: readonly CsvProblem[]): PaydirtError {
  return new PaydirtError(
    "invalid",
    problems
      .slice(0, 10)
      .map((p) =>
        issue(p.code, p.message, { path: { file: path, line: p.line, column: p.column } }),
      ),
  );
}

/** Problems after which the rows cannot be trusted (the rest are reported as warnings). */
const FATAL: ReadonlySet<CsvCode> = new Set<CsvCode>([
  "unterminated_quote",
  "record_too_long",
  "unknown_encoding",
  "invalid_xlsx",
]);

/**
 * Read every batch of an opened CSV file. Fails with file:line:column messages on problems that
 * garble the rows (an unterminated quote, a record over the size limit, an unknown encoding, a
 * file that is not a workbook); returns the others (blank or repeated column
 * names, rows with too few or too many fields, invalid UTF-8, stray quotes) as warning lines.
 */
export async function readBatches(
  csv: CsvFile,
  onRows: (rows: readonly { fields: readonly string[] }[]) => void,
  progress?: ByteProgress,
): Promise<string[]> {
  const fatal = () => csv.problems.filter((p) => FATAL.has(p.code));
  if (fatal().length > 0) {
    await csv.close();
    throw unreadable(csv.path, fatal());
  }
  for await (const batch of csv.batches()) {
    onRows(batch);
    progress?.(csv.bytesRead(), csv.totalBytes);
    if (fatal().length > 0) break;
  }
  await csv.close();
  if (fatal().length > 0) throw unreadable(csv.path, fatal());
  const rest = csv.problems.filter((p) => !FATAL.has(p.code));
  return rest.length > 0 ? problemLines(csv.path, rest, 3).split("\n") : [];
}

/** A training table read from a file, with warnings about tolerated problems. */
export interface TrainingFile extends TrainingTable {
  readonly warnings: readonly string[];
  /** Parts read in parallel (1: the whole file on the main thread). */
  readonly parts: number;
}

/**
 * Read a CSV file of any shape into a typed frame: every column but the target is typed by
 * detection (numeric, yes/no, date, categorical or dropped with a reason); the target column
 * becomes 0/1 labels against `positive`.
 */
export async function readTrainingTable(
  path: string,
  targetColumn: string,
  positive: string | undefined,
  progress?: ByteProgress,
  parallelBytes = PARALLEL_BYTES,
): Promise<TrainingFile> {
  const csv = await openCsv(path);
  const header = uniqueHeader(csv.header);
  const t = findColumn(header, targetColumn);
  if (t < 0) {
    await csv.close();
    throw PaydirtError.of(
      "invalid",
      "model_target",
      `no column "${targetColumn}" (columns: ${header.map((h) => `"${h}"`).join(", ")})`,
      { path: { file: path }, data: { target: targetColumn } },
    );
  }
  const size = (await stat(path)).size;
  const parts = Math.min(availableParallelism(), Math.floor(size / parallelBytes));
  let builder: TableBuilder | null = null;
  let used = 1;
  let warnings: readonly string[] = [];
  const parallel = parts >= 2 && csv.problems.length === 0 && csv.dialect.newline !== "\r";
  if (parallel) {
    await csv.close();
    builder = await readInParts(path, header, csv.dialect, size, parts, progress);
    if (builder) used = parts;
  }
  if (!builder) {
    const whole = new TableBuilder(header, 64 * 1024);
    warnings = await readBatches(
      parallel ? await openCsv(path) : csv,
      (rows) => {
        for (const row of rows) whole.push(row.fields);
      },
      progress,
    );
    builder = whole;
  }
  const r = builder.finish(t, positive);
  if (!r.ok) throw PaydirtError.of("invalid", "model_labels", r.reason, { path: { file: path } });
  return { ...r.table, warnings, parts: used };
}

/** Files smaller than this are read on the main thread. */
const PARALLEL_BYTES = 32 << 20;

/**
 * Read a big file split at newlines into parts, each parsed by a worker thread, and join the
 * parts' columns in order. Null when any part reports a problem (the caller rereads the file as
 * a whole so messages carry the right line numbers).
 */
async function readInParts(
  path: string,
  header: readonly string[],
  dialect: CsvDialect,
  size: number,
  parts: number,
  progress?: ByteProgress,
): Promise<TableBuilder | null> {
  const splits = await splitPoints(path, size, parts);
  if (splits.length === 0) return null;
  const bounds = [0, ...splits, size];
  const read = new Array<number>(bounds.length - 1).fill(0);
  try {
    const results = await Promise.all(
      bounds.slice(0, -1).map((start, k) =>
        inWorker(
          { data: path, part: { start, end: bounds[k + 1] as number, dialect, header } },
          (b) => {
            read[k] = b;
            progress?.(
              read.reduce((x, y) => x + y, 0),
              size,
            );
          },
        ),
      ),
    );
    if (results.some((r) => r.warnings.length > 0)) return null;
    const builder = new TableBuilder(header, 1024);
    for (const r of results)
      r.columns.forEach((c, j) => {
        builder.accumulators[j]?.absorb(c);
      });
    return builder;
  } catch {
    return null;
  }
}

function inWorker(
  job: ReadJob,
  onBytes: (bytes: number) => void,
): Promise<{ columns: AccumulatorState[]; warnings: readonly string[] }> {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./read-worker.dev.mjs" : "./read-worker.js", import.meta.url);
  const worker = new Worker(url, { workerData: job });
  return new Promise((resolve, reject) => {
    worker.on("message", (m: ReadMessage) => {
      if (m.kind === "progress") onBytes(m.bytes);
      else resolve({ columns: m.columns, warnings: m.warnings });
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`read worker for ${job.data} exited with code ${code}`));
    });
  });
}
