import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StagedValue } from "../../core/model/index.js";

const NEEDS_QUOTES = /[",\n\r]/;

/**
 * Parsed rows are written to a plain temporary CSV (ISO dates, plain numbers, empty = null) and
 * bulk-loaded by DuckDB's parallel reader: far faster than appending value by value through the
 * Node binding, and memory stays bounded by the write buffer.
 */
export class StageFileWriter {
  readonly path: string;
  private readonly dir: string;
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  rows = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "paydirt-stage-"));
    this.path = join(this.dir, "stage.csv");
    this.fd = openSync(this.path, "w");
  }

  /** One staged row: file index, line, then the values in staging-table order. */
  row(
    file: number,
    line: number,
    values: readonly StagedValue[],
    alts: readonly (string | null)[],
    attributes: string | null,
  ): void {
    let s = `${file},${line}`;
    for (let i = 0; i < values.length; i++) s += `,${cell(values[i] ?? null)}`;
    for (let i = 0; i < alts.length; i++) s += `,${cell(alts[i] ?? null)}`;
    s += `,${cell(attributes)}\n`;
    this.parts.push(s);
    this.size += s.length;
    this.rows++;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }

  /** Finish writing; the file can then be loaded. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  /** Remove the temporary file and its folder. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function cell(v: StagedValue): string {
  if (v === null) return "";
  if (typeof v !== "string") return String(v);
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
