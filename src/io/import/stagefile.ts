import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StagedValue } from "../../core/model/index.js";

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const ZERO = 48;
const MINUS = 45;

/**
 * Parsed rows are written to a plain temporary CSV (ISO dates, plain numbers, empty = null) and
 * bulk-loaded by DuckDB's parallel reader: far faster than appending value by value through the
 * Node binding, and memory stays bounded by the write buffer.
 *
 * This is the import's hottest loop after the tokenizer, so cells are encoded byte by byte
 * straight into the buffer: ASCII text and whole numbers need no intermediate string; anything
 * else (quotes, separators, non-ASCII text, fractions) takes the general path.
 */
export class StageFileWriter {
  readonly path: string;
  private readonly dir: string;
  private readonly fd: number;
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
    this.room(48);
    this.int(file);
    this.buf[this.used++] = COMMA;
    this.int(line);
    for (let i = 0; i < values.length; i++) {
      this.buf[this.used++] = COMMA;
      this.cell(values[i] ?? null);
    }
    for (let i = 0; i < alts.length; i++) {
      this.buf[this.used++] = COMMA;
      this.cell(alts[i] ?? null);
    }
    this.buf[this.used++] = COMMA;
    this.cell(attributes);
    this.room(1);
    this.buf[this.used++] = LF;
    this.rows++;
  }

  /** Make room for `bytes` more bytes (plus a separator), flushing when the buffer is full. */
  private room(bytes: number): void {
    if (this.used + bytes + 1 > this.buf.length) this.flush();
  }

  private cell(v: StagedValue): void {
    if (v === null) return;
    if (typeof v === "string") this.text(v);
    else if (typeof v === "number" && Number.isSafeInteger(v)) this.int(v);
    else this.text(String(v));
  }

  private int(v: number): void {
    this.room(20);
    const buf = this.buf;
    if (v < 0) {
      buf[this.used++] = MINUS;
      v = -v;
    }
    if (v < 10) {
      buf[this.used++] = ZERO + v;
      return;
    }
    let digits = 0;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) buf[--at] = ZERO + (t % 10);
  }

  private text(s: string): void {
    const n = s.length;
    if (n * 3 + 2 > this.buf.length) {
      // Longer than the whole buffer: write it out on its own.
      this.flush();
      writeSync(this.fd, quoted(s));
      return;
    }
    this.room(n * 3 + 2);
    const buf = this.buf;
    const start = this.used;
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || c === COMMA || c === QUOTE || c === LF || c === CR) {
        this.used = start + buf.write(quoted(s), start);
        return;
      }
      buf[at++] = c;
    }
    this.used = at;
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

const NEEDS_QUOTES = /[",\n\r]/;

function quoted(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
