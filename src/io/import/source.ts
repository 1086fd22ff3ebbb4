import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CsvFile, CsvProblem } from "../csv/contract.js";
import { openCsv } from "../csv/reader.js";
import { literal } from "../store/ddl.js";

/** One record of a source file: its cells as text and the line (or row) it came from. */
export interface SourceRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** A tabular source file (CSV or Parquet) read as text cells, batch by batch. */
export interface SourceFile {
  readonly path: string;
  readonly label: string;
  readonly format: "csv" | "parquet";
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

/** Open a CSV or Parquet file by extension (`.parquet`/`.pq`; anything else is delimited text). */
export async function openSource(path: string, connection: DuckDBConnection): Promise<SourceFile> {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return openParquet(path, connection);
  return csvSource(path, await openCsv(path));
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
  const src = `read_parquet(${literal(path)})`;
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
  const header = described.getRowObjectsJson().map((r) => String(r.column_name));
  const total = Number(
    (await connection.runAndReadAll(`SELECT count(*) AS n FROM ${src}`)).getRowObjectsJson()[0]
      ?.n ?? 0,
  );
  let done = 0;
  const casts = header.map((h) => `CAST("${h.replace(/"/g, '""')}" AS VARCHAR)`).join(", ");
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
      const result = await connection.stream(`SELECT ${casts} FROM ${src}`);
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
