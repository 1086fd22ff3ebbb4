/**
 * A resumable CSV tokenizer (pure: no I/O, runs in a browser).
 *
 * Written by hand because the importer must list EVERY structural problem with its line and
 * column and keep going: DuckDB's reader silently mis-sniffs a file with an unterminated quote
 * (it takes the quote as data) and csv-parse stops at the first error.
 *
 * Records end at `\n`, `\r\n` or a lone `\r`, whatever the sniffed style, so mixed files still read.
 *
 * A record that is not complete at the end of a chunk is parsed again from its start when more
 * text comes; callers keep that linear by feeding chunks at least as long as `pendingLength`
 * (the rescans then add up to at most the input twice over). One record may not exceed
 * `maxRecord` characters: a quote that is never closed stops with a clear problem at its line
 * instead of swallowing the rest of the file.
 */
import type { CsvProblem, CsvRow } from "./contract.js";

const LF = 10;
const CR = 13;

/** Default limit of one record's length, in characters (16 MiB). */
export const MAX_RECORD = 16 << 20;

/** Tokenizer state carried between chunks. */
export class CsvTokenizer {
  private pending = "";
  /** Physical line where `pending` starts. */
  private line = 1;
  private stopped = false;
  private readonly delim: number;
  private readonly quote: number;
  private readonly quoteChar: string;
  private readonly delimChar: string;

  constructor(
    delimiter: string,
    quote: string | null,
    private readonly problems: CsvProblem[],
    private readonly maxRecord = MAX_RECORD,
  ) {
    this.delimChar = delimiter;
    this.delim = delimiter.charCodeAt(0);
    this.quote = quote === null ? -1 : quote.charCodeAt(0);
    this.quoteChar = quote ?? "";
  }

  /** Feed decoded text; complete records are pushed to `out`. `eof` flushes the last record. */
  push(text: string, eof: boolean, out: CsvRow[]): void {
    if (this.stopped) return;
    const s = this.pending.length > 0 ? this.pending + text : text;
    let pos = 0;
    const n = s.length;
    // Next quote and carriage return at or after `pos` (n when none): found by the engine's
    // indexOf, so that plain lines take the fast path below.
    let nextQuote = -1;
    let nextCr = -1;
    while (pos < n) {
      const start = pos;
      const startLine = this.line;
      // Fast path: a line with no quote character and no lone carriage return is split as is.
      const nl = s.indexOf("\n", pos);
      if (nl >= 0) {
        if (nextQuote < pos) nextQuote = this.quote < 0 ? n : indexOr(s, this.quoteChar, pos, n);
        if (nextCr < pos) nextCr = indexOr(s, "\r", pos, n);
        if (nextQuote > nl && (nextCr > nl || nextCr === nl - 1)) {
          const end = nextCr === nl - 1 ? nl - 1 : nl;
          pos = nl + 1;
          this.line++;
          if (end === start) continue; // blank line
          out.push({ fields: s.slice(start, end).split(this.delimChar), line: startLine });
          continue;
        }
      }
      const r = this.record(s, pos, eof, startLine);
      if (r === null) break; // incomplete: wait for more text
      pos = r.end;
      this.line = r.line;
      if (r.stop) {
        this.stopped = true;
        pos = n;
        break;
      }
      // A blank line is one empty field and nothing else: skip it.
      if (r.fields.length === 1 && r.fields[0] === "" && r.end - start <= 2) continue;
      out.push({ fields: r.fields, line: startLine });
    }
    this.pending = pos < n ? s.slice(pos) : "";
    if (this.pending.length > this.maxRecord) {
      this.tooLong(this.line, this.pending);
      this.pending = "";
      this.stopped = true;
    }
  }

  private tooLong(line: number, text?: string): void {
    const quoted = this.quote >= 0 && (text === undefined || text.includes(this.quoteChar));
    this.problems.push({
      line,
      column: 1,
      code: "record_too_long",
      message: `the record starting on this line runs past ${formatSize(this.maxRecord)} of text, the limit of one record${quoted ? " (most likely a quote opened in it is never closed)" : ""}; reading stopped here`,
    });
  }

  /** Characters of an incomplete record held until more text comes. */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** Whether reading stopped at a structural problem (nothing more is read). */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Parse one record at `pos`. Returns null when the text ends inside it and more may come.
   * `line` in the result is the physical line after the record.
   */
  private record(
    s: string,
    pos: number,
    eof: boolean,
    startLine: number,
  ): { fields: string[]; end: number; line: number; stop: boolean } | null {
    const n = s.length;
    const fields: string[] = [];
    let line = startLine;
    let i = pos;
    for (;;) {
      const column = fields.length + 1;
      // Skip spaces before a quoted field (`a, "b"`), but keep them if the field is unquoted.
      let j = i;
      while (j < n && s.charCodeAt(j) === 32) j++;
      if (this.quote >= 0 && j < n && s.charCodeAt(j) === this.quote) {
        const fieldLine = line;
        let k = j + 1;
        let value = "";
        let segStart = k;
        for (;;) {
          const q = s.indexOf(this.quoteChar, k);
          if (q < 0) {
            if (!eof) return null;
            if (n - pos > this.maxRecord) {
              this.tooLong(startLine);
              return { fields, end: n, line, stop: true };
            }
            this.problems.push({
              line: fieldLine,
              column,
              code: "unterminated_quote",
              message: `quoted field opened here is never closed (the rest of the file, from line ${fieldLine}, would be one value)`,
            });
            return { fields, end: n, line, stop: true };
          }
          if (q + 1 < n && s.charCodeAt(q + 1) === this.quote) {
            value += s.slice(segStart, q + 1);
            k = q + 2;
            segStart = k;
            continue;
          }
          if (q + 1 >= n && !eof) return null; // could be the first half of a doubled quote
          value += s.slice(segStart, q);
          line += countLines(s, j + 1, q);
          k = q + 1;
          break;
        }
        // After the closing quote: spaces, then a delimiter, a newline or the end.
        let m = k;
        while (m < n && s.charCodeAt(m) === 32) m++;
        if (m < n) {
          const c = s.charCodeAt(m);
          if (c !== this.delim && c !== LF && c !== CR) {
            this.problems.push({
              line,
              column,
              code: "stray_quote",
              message: "text after the closing quote of a quoted field",
            });
            const e = this.fieldEnd(s, m);
            if (e < 0 && !eof) return null;
            const end = e < 0 ? n : e;
            value += s.slice(m, end);
            m = end;
          }
        }
        fields.push(value);
        i = m;
      } else {
        // Hot path: scan an unquoted field once, noting any quote character on the way.
        const delim = this.delim;
        const quote = this.quote;
        let end = i;
        let sawQuote = false;
        for (; end < n; end++) {
          const c = s.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          if (c === quote) sawQuote = true;
        }
        if (end >= n && !eof) return null;
        const value = s.slice(i, end);
        if (sawQuote) {
          this.problems.push({
            line,
            column,
            code: "stray_quote",
            message:
              "quote character inside an unquoted field (quote the whole field and double inner quotes)",
          });
        }
        fields.push(value);
        i = end;
      }
      if (i >= n) {
        if (!eof) return null;
        return { fields, end: n, line, stop: false };
      }
      const c = s.charCodeAt(i);
      if (c === this.delim) {
        i++;
        if (i >= n && eof) {
          fields.push("");
          return { fields, end: n, line, stop: false };
        }
        continue;
      }
      // A newline ends the record.
      if (c === CR) {
        if (i + 1 >= n && !eof) return null; // maybe \r\n split across chunks
        i += i + 1 < n && s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      return { fields, end: i, line: line + 1, stop: false };
    }
  }

  /** Index of the next delimiter or newline at or after `i`, or -1. */
  private fieldEnd(s: string, i: number): number {
    const n = s.length;
    for (let k = i; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c === this.delim || c === LF || c === CR) return k;
    }
    return -1;
  }

  /** The physical line the next record would start on (after the last one read). */
  get nextLine(): number {
    return this.line;
  }

  /** The delimiter this tokenizer splits on. */
  get delimiter(): string {
    return this.delimChar;
  }
}

/** `16 MiB` for 16 << 20 characters. */
function formatSize(chars: number): string {
  if (chars >= 1 << 20 && chars % (1 << 20) === 0) return `${chars >> 20} MiB`;
  if (chars >= 1024 && chars % 1024 === 0) return `${chars >> 10} KiB`;
  return `${chars} characters`;
}

/** Index of `c` in `s` at or after `from`, or `none` when absent. */
function indexOr(s: string, c: string, from: number, none: number): number {
  const k = s.indexOf(c, from);
  return k < 0 ? none : k;
}

/** Newlines (`\n`, `\r\n`, lone `\r`) in `s[from, to)`. */
function countLines(s: string, from: number, to: number): number {
  let lines = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === LF) lines++;
    else if (c === CR) {
      if (k + 1 < to && s.charCodeAt(k + 1) === LF) k++;
      lines++;
    }
  }
  return lines;
}
