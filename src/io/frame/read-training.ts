import { TableBuilder, type TrainingTable } from "../../core/scoring/ml/table.js";
import type { CsvFile, CsvProblem } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { findColumn, uniqueHeader } from "./header.js";

/** Progress of a file read, in bytes. */
export type ByteProgress = (bytesRead: number, totalBytes: number) => void;

/** A CSV file's structural problems as `file:line:column: message` lines (at most `limit`). */
export function problemLines(path: string, problems: readonly CsvProblem[], limit = 10): string {
  const shown = problems.slice(0, limit).map((p) => `${path}:${p.line}:${p.column}: ${p.message}`);
  const more = problems.length > limit ? [`(${problems.length - limit} more problems)`] : [];
  return [...shown, ...more].join("\n");
}

/** Problems after which the rows cannot be trusted (the rest are reported as warnings). */
const FATAL = new Set(["unterminated_quote", "utf16"]);

/**
 * Read every batch of an opened CSV file. Fails with file:line:column messages on problems that
 * garble the rows (an unterminated quote, UTF-16); returns the others (blank or repeated column
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
    throw new Error(problemLines(csv.path, fatal()));
  }
  for await (const batch of csv.batches()) {
    onRows(batch);
    progress?.(csv.bytesRead(), csv.totalBytes);
    if (fatal().length > 0) break;
  }
  await csv.close();
  if (fatal().length > 0) throw new Error(problemLines(csv.path, fatal()));
  const rest = csv.problems.filter((p) => !FATAL.has(p.code));
  return rest.length > 0 ? problemLines(csv.path, rest, 3).split("\n") : [];
}

/** A training table read from a file, with warnings about tolerated problems. */
export interface TrainingFile extends TrainingTable {
  readonly warnings: readonly string[];
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
): Promise<TrainingFile> {
  const csv = await openCsv(path);
  const header = uniqueHeader(csv.header);
  const t = findColumn(header, targetColumn);
  if (t < 0) {
    await csv.close();
    throw new Error(
      `${path}: no column "${targetColumn}" (columns: ${header.map((h) => `"${h}"`).join(", ")})`,
    );
  }
  const builder = new TableBuilder(header, 64 * 1024);
  const warnings = await readBatches(
    csv,
    (rows) => {
      for (const row of rows) builder.push(row.fields);
    },
    progress,
  );
  const r = builder.finish(t, positive);
  if (!r.ok) throw new Error(`${path}: ${r.reason}`);
  return { ...r.table, warnings };
}
