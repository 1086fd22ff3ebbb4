/**
 * Types shared by the frame readers (read-training, read-scoring) and their worker threads, kept
 * here so that no reader imports another's module for types (no import cycle).
 */
import type { AccumulatorState } from "../../core/scoring/ml/column.js";
import type { CsvDialect } from "../csv/contract.js";

/** Progress of a file read, in bytes. */
export type ByteProgress = (bytesRead: number, totalBytes: number) => void;

/** A byte range of a bigger file split at newlines, with the whole file's dialect and header. */
export interface FilePart {
  readonly start: number;
  readonly end: number;
  readonly dialect: CsvDialect;
  readonly header: readonly string[];
}

/** One part for a read worker to read. */
export interface ReadJob {
  readonly data: string;
  readonly part: FilePart;
}

/** What a read worker reports: bytes read so far, or the part's columns and tolerated problems. */
export type ReadMessage =
  | { kind: "progress"; bytes: number }
  | { kind: "done"; columns: AccumulatorState[]; warnings: readonly string[] };
