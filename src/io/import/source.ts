import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CsvFile, CsvProblem } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { ident } from "../store/ddl.js";

/** One record of a source file: its cells as text and the line (or row) it came from. */
export interface SourceRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** A tabular source file (CSV or Parquet) read as text cells, batch by batch. */
export interface SourceFile {
  readonly path: string;
  readonly label: string;
  readonly format: "csv" | "parquet" | "xlsx";
  readonly header: readonly string[];
  readonly totalBytes: number;
  bytesRead(): number;
  batches(): AsyncIterable<readonly SourceRow[]>;
  /** The line after the last record read. */
  nextLine(): number;
  /** Release the file when its batches are not read to the end. */
  close(): Promise<void>;
  /** Structural problems found while reading (CSV only); complete after the last batch. */
  readonly problems: readonly CsvProblem[];
}

/**
 * Open a source file by extension: `.parquet`/`.pq`, `.xlsx` (its first sheet), anything else
 * delimited text (`.gz` decompressed on the fly, in `encoding` unless a byte-order mark says).
 */
export async function openSource(
  path: string,
  connection: DuckDBConnection,
  options: { encoding?: string } = {},
): Promise<SourceFile> {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return openParquet(path, connection);
  if (ext === ".xlsx") return openXlsx(path);
  return csvSource(path, await openCsv(path, options));
}

/** A source over an opened CSV file. */
export function csvSource(path: string, csv: CsvFile, header?: readonly string[]): SourceFile {
  return {
    path,
    label: basename(path),
    format: "csv",
    header: header ?? csv.header,
    totalBytes: csv.totalBytes,
    bytesRead: () => csv.bytesRead(),
    batches: () => csv.batches(),
    nextLine: () => csv.nextLine(),
    close: () => csv.close(),
    problems: csv.problems,
  };
}

/**
 * Parquet through DuckDB's reader: every column cast to text so the same cell parsers apply.
 * Rows are numbered like a CSV with a header: the first data row is line 2.
 */
async function openParquet(path: string, connection: DuckDBConnection): Promise<SourceFile> {
  const totalBytes = (await stat(path)).size;
  // The path is a parameter of every statement, never SQL text.
  const src = "read_parquet($path)";
  const params = { path };
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`, params);
  const header = described.getRowObjectsJson().map((r) => String(r.column_name));
  const total = Number(
    (
      await connection.runAndReadAll(`SELECT count(*) AS n FROM ${src}`, params)
    ).getRowObjectsJson()[0]?.n ?? 0,
  );
  let done = 0;
  const casts = header.map((h) => `CAST(${ident(h)} AS VARCHAR)`).join(", ");
  return {
    path,
    label: basename(path),
    format: "parquet",
    header,
    totalBytes,
    bytesRead: () => (total === 0 ? totalBytes : Math.round((done / total) * totalBytes)),
    problems: [],
    nextLine: () => done + 2,
    close: async () => {},
    async *batches() {
      const result = await connection.stream(`SELECT ${casts} FROM ${src}`, params);
      for await (const rows of result.yieldRowsJson()) {
        const batch: SourceRow[] = rows.map((r, i) => ({
          fields: r.map((v) => (v === null ? "" : String(v))),
          line: done + i + 2,
        }));
        done += rows.length;
        yield batch;
      }
    },
  };
}

/**
 * The first sheet of an `.xlsx` workbook through read-excel-file (maintained, no native code):
 * numbers are kept as written in the file (no float reformatting), date cells become ISO dates
 * (with the time when there is one), booleans `true`/`false`. Rows are numbered like the
 * sheet's rows: the header is line 1. A file that is not a workbook is one problem, not a crash.
 */
async function openXlsx(path: string): Promise<SourceFile> {
  const totalBytes = (await stat(path)).size;
  const problems: CsvProblem[] = [];
  let rows: unknown[][] = [];
  try {
    // Loaded on first use: the CSV parse workers never pay for the workbook reader.
    const { readSheet } = await import("read-excel-file/node");
    rows = (await readSheet(path, { parseNumber: (s: string) => s, trim: false })) as unknown[][];
  } catch (err) {
    problems.push({
      line: 0,
      column: 0,
      code: "invalid_xlsx",
      message: `not a readable .xlsx workbook (${(err as Error).message})`,
    });
  }
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    if (v instanceof Date) {
      const iso = v.toISOString();
      return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
    }
    return String(v);
  };
  const header = (rows[0] ?? []).map((h) => text(h).trim());
  let done = 0;
  return {
    path,
    label: basename(path),
    format: "xlsx",
    header,
    totalBytes,
    bytesRead: () =>
      rows.length <= 1 ? totalBytes : Math.round((done / rows.length) * totalBytes),
    problems,
    nextLine: () => Math.max(rows.length, 1) + 1,
    close: async () => {},
    async *batches() {
      const batch: SourceRow[] = [];
      for (let i = 1; i < rows.length; i++) {
        const r = rows[i] ?? [];
        if (r.every((v) => v === null || v === undefined || v === "")) continue;
        const fields = header.map((_, k) => text(r[k]));
        batch.push({ fields, line: i + 1 });
      }
      done = rows.length;
      if (batch.length > 0) yield batch;
    },
  };
}
