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
  /** Rows are encoded straight into this buffer, written out whenever it fills. */
  private readonly buf = Buffer.allocUnsafe(1 << 21);
  private used = 0;
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
    this.rows++;
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.used + s.length * 3 > this.buf.length) this.flush();
    if (s.length * 3 > this.buf.length) writeSync(this.fd, s);
    else this.used += this.buf.write(s, this.used);
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
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
