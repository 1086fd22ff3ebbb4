import { writeSync } from "node:fs";
import { csvField, neutralise } from "./write.js";

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const ZERO = 48;
const MINUS = 45;

/** A CSV cell value. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * CSV rows encoded byte by byte into a buffer written to a file descriptor whenever it fills.
 * Writing millions of rows (imports' stage files, synthetic markets) this way needs no string per
 * row or cell: ASCII text and whole numbers go straight into the buffer; anything else (quotes,
 * separators, non-ASCII text) takes the general path of `csvField`.
 */
export class CsvByteWriter {
  private readonly buf = Buffer.allocUnsafe(1 << 21);
  private used = 0;
  private flushed = 0;

  /**
   * @param fd an open file descriptor, written to but not closed
   * @param quoteEdgeSpaces quote text with leading or trailing spaces (for readers that trim)
   * @param neutraliseFormulas an export for spreadsheets: text a spreadsheet would run as a
   *   formula gets a leading `'` (see `neutralise`); data files read back by programs keep it
   */
  constructor(
    private readonly fd: number,
    private readonly quoteEdgeSpaces: boolean,
    private readonly neutraliseFormulas = false,
  ) {}

  /** One whole row. */
  row(values: readonly CsvValue[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.comma();
      this.value(values[i]);
    }
    this.newline();
  }

  /** A field separator. */
  comma(): void {
    this.room(1);
    this.buf[this.used++] = COMMA;
  }

  /** The end of a row. */
  newline(): void {
    this.room(1);
    this.buf[this.used++] = LF;
  }

  /** One cell: empty for null, digits for whole numbers, `String(v)` for other numbers. */
  value(v: CsvValue): void {
    if (v === null || v === undefined) return;
    if (typeof v === "string") this.text(v);
    else if (typeof v === "number" && Number.isSafeInteger(v)) this.int(v);
    else this.text(String(v));
  }

  /** A whole number in decimal digits. */
  int(v: number): void {
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

  /** A text cell, quoted when it must be. */
  text(text: string): void {
    const s = this.neutraliseFormulas ? neutralise(text) : text;
    const n = s.length;
    if (n === 0) return;
    // A UTF-16 unit takes at most 3 bytes; quoting adds 2 and doubles quotes (1 byte each).
    if (n * 3 + 2 > this.buf.length) {
      this.flush();
      this.flushed += writeSync(this.fd, this.encode(s));
      return;
    }
    this.room(n * 3 + 2);
    const buf = this.buf;
    const start = this.used;
    if (this.quoteEdgeSpaces && (s.charCodeAt(0) === SPACE || s.charCodeAt(n - 1) === SPACE)) {
      this.used = start + buf.write(this.encode(s), start);
      return;
    }
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || c === COMMA || c === QUOTE || c === LF || c === CR) {
        this.used = start + buf.write(this.encode(s), start);
        return;
      }
      buf[at++] = c;
    }
    this.used = at;
  }

  /** Write out what is buffered. */
  flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used);
    this.flushed += this.used;
    this.used = 0;
  }

  /** Bytes written so far, buffered ones included. */
  get bytesWritten(): number {
    return this.flushed + this.used;
  }

  private encode(s: string): string {
    return this.quoteEdgeSpaces ? csvField(s) : quoted(s);
  }

  private room(bytes: number): void {
    if (this.used + bytes > this.buf.length) this.flush();
  }
}

const NEEDS_QUOTES = /[",\n\r]/;

/** RFC 4180 quoting only where a separator, quote or newline requires it. */
function quoted(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
