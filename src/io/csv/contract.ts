import type { CsvCode } from "../../core/codes/csv.js";

/**
 * The contract of the CSV reader (implemented in src/io/csv/read.ts): a streaming, dialect-sniffing
 * reader that reports every structural problem with its line and column and keeps going.
 */

/** The dialect of a delimited text file, sniffed or given. */
export interface CsvDialect {
  readonly delimiter: string;
  /** The quote character, or null when the file uses none. */
  readonly quote: string | null;
  readonly newline: "\n" | "\r\n" | "\r";
  /** Whether a byte-order mark (UTF-8 or UTF-16) was present (and stripped). */
  readonly bom: boolean;
}

/** One record. `line` is the 1-based physical line where the record starts. */
export interface CsvRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** A structural problem: unterminated quote, stray quote, wrong number of fields, bad encoding... */
export interface CsvProblem {
  readonly line: number;
  /** 1-based field number within the record. */
  readonly column: number;
  readonly code: CsvCode;
  readonly message: string;
}

export interface CsvReadOptions {
  /** Force a dialect part instead of sniffing it. */
  readonly delimiter?: string;
  readonly quote?: string | null;
  /** Whether the first record is a header (default true). */
  readonly header?: boolean;
  /** Records per batch yielded by `batches()` (default 8192). */
  readonly batchSize?: number;
  /**
   * Read only bytes [start, end) of the file: a part of a bigger file split at newlines for
   * parallel parsing. A part after the first has no header and needs `dialect`; its lines count
   * from 1 and its records are checked against `width` fields.
   */
  readonly start?: number;
  readonly end?: number;
  readonly dialect?: CsvDialect;
  readonly width?: number;
  /**
   * Text encoding when the file has no byte-order mark (a UTF-8 or UTF-16 mark always wins):
   * any WHATWG label, e.g. `windows-1252`, `macintosh`, `utf-16le`. Default UTF-8, strictly.
   */
  readonly encoding?: string;
  /** Longest record allowed, in characters (default 16 MiB): longer ones stop the reading. */
  readonly maxRecord?: number;
}

/** An opened CSV file. `problems` fills up while batches are read; read them after the last batch. */
export interface CsvFile {
  readonly path: string;
  readonly dialect: CsvDialect;
  /** The encoding the file is decoded with (canonical WHATWG name). */
  readonly encoding: string;
  /** Header fields as written (trimmed), empty when `header: false`. */
  readonly header: readonly string[];
  readonly totalBytes: number;
  /** Bytes consumed so far (for progress). */
  bytesRead(): number;
  batches(): AsyncIterable<readonly CsvRow[]>;
  readonly problems: CsvProblem[];
  /** The line after the last record read (complete after the last batch). */
  nextLine(): number;
  /** Release the file when the batches are not read to the end. */
  close(): Promise<void>;
}
