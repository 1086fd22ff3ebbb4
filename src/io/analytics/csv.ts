import { closeSync, openSync, writeSync } from "node:fs";
import { csvLine } from "../csv/write.js";

type Cell = string | number | boolean | null | undefined;

/** Write rows of plain values as CSV (columns of the first row), in chunks to bound memory. */
export function writeRowsCsv(path: string, rows: Iterable<Readonly<Record<string, Cell>>>): number {
  const fd = openSync(path, "w");
  let cols: string[] | null = null;
  let chunk = "";
  let n = 0;
  try {
    for (const row of rows) {
      if (!cols) {
        cols = Object.keys(row);
        chunk += csvLine(cols);
      }
      chunk += csvLine(cols.map((c) => row[c]));
      n++;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    if (chunk) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return n;
}
