import { closeSync, openSync, writeSync } from "node:fs";
import { csvLine } from "../csv/write.js";

type Cell = string | number | boolean | null | undefined;

/** Lines gathered before a write: bounds memory, and one join per chunk instead of a long rope. */
const CHUNK_LINES = 8192;

/**
 * Write rows of plain values as CSV (columns of the first row), streaming: rows are consumed one
 * at a time (a generator can make each as it is written) and written in chunks of lines.
 */
export function writeRowsCsv(path: string, rows: Iterable<Readonly<Record<string, Cell>>>): number {
  const fd = openSync(path, "w");
  let cols: string[] | null = null;
  let cells: Cell[] = [];
  const lines: string[] = [];
  let n = 0;
  const flush = () => {
    if (lines.length === 0) return;
    writeSync(fd, lines.join(""));
    lines.length = 0;
  };
  try {
    for (const row of rows) {
      if (!cols) {
        cols = Object.keys(row);
        cells = new Array(cols.length);
        lines.push(csvLine(cols));
      }
      for (let j = 0; j < cols.length; j++) cells[j] = row[cols[j] as string];
      lines.push(csvLine(cells));
      n++;
      if (lines.length >= CHUNK_LINES) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return n;
}
