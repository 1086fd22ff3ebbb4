import { TableBuilder, type TrainingTable } from "../../core/scoring/ml/table.js";
import type { CsvFile, CsvProblem } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { findColumn } from "./header.js";

/** Progress of a file read, in bytes. */
export type ByteProgress = (bytesRead: number, totalBytes: number) => void;

/** A CSV file's structural problems as `file:line:column: message` lines (at most `limit`). */
export function problemLines(path: string, problems: readonly CsvProblem[], limit = 10): string {
  const shown = problems.slice(0, limit).map((p) => `${path}:${p.line}:${p.column}: ${p.message}`);
  const more = problems.length > limit ? [`(${problems.length - limit} more problems)`] : [];
  return [...shown, ...more].join("\n");
}

/** Read every batch of an opened CSV file, failing with file:line messages on structural problems. */
export async function readBatches(
  csv: CsvFile,
  onRows: (rows: readonly { fields: readonly string[] }[]) => void,
  progress?: ByteProgress,
): Promise<void> {
  if (csv.problems.length > 0) {
    await csv.close();
    throw new Error(problemLines(csv.path, csv.problems));
  }
  for await (const batch of csv.batches()) {
    if (csv.problems.length > 0) break;
    onRows(batch);
    progress?.(csv.bytesRead(), csv.totalBytes);
  }
  await csv.close();
  if (csv.problems.length > 0) throw new Error(problemLines(csv.path, csv.problems));
}

export type { TrainingTable };

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
): Promise<TrainingTable> {
  const csv = await openCsv(path);
  const header = csv.header;
  const t = findColumn(header, targetColumn);
  if (t < 0) {
    await csv.close();
    throw new Error(
      `${path}: no column "${targetColumn}" (columns: ${header.map((h) => `"${h}"`).join(", ")})`,
    );
  }
  const builder = new TableBuilder(header, 64 * 1024);
  await readBatches(
    csv,
    (rows) => {
      for (const row of rows) builder.push(row.fields);
    },
    progress,
  );
  const r = builder.finish(t, positive);
  if (!r.ok) throw new Error(`${path}: ${r.reason}`);
  return r.table;
}
