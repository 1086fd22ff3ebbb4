import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { CsvDialect, CsvFile, CsvProblem, CsvReadOptions, CsvRow } from "./contract.js";
import { sniffDialect } from "./dialect.js";
import { bomEncoding, canonicalEncoding, guessEncoding } from "./encoding.js";
import { CsvTokenizer } from "./tokenizer.js";

const CHUNK = 1 << 20;

/** Check the header: blank and repeated names are problems (compared trimmed, ignoring case). */
function checkHeader(header: readonly string[], problems: CsvProblem[]): void {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (k === "") {
      problems.push({
        line: 1,
        column: i + 1,
        code: "empty_header",
        message: "column has no name",
      });
      return;
    }
    const first = seen.get(k);
    if (first !== undefined) {
      problems.push({
        line: 1,
        column: i + 1,
        code: "duplicate_header",
        message: `column name "${h.trim()}" repeats column ${first + 1}`,
      });
    } else seen.set(k, i);
  });
}

/** Flags records whose field count differs from the header's. */
function checkWidth(rows: readonly CsvRow[], width: number, problems: CsvProblem[]): void {
  for (const r of rows) {
    if (r.fields.length !== width) {
      problems.push({
        line: r.line,
        column: Math.min(r.fields.length, width) + 1,
        code: "field_count",
        message: `expected ${width} fields as in the header, found ${r.fields.length}`,
      });
    }
  }
}

/**
 * Decodes text chunk by chunk. Without a given encoding the text must be UTF-8: invalid bytes
 * become one problem (with its line, naming the likely encoding) and are read as U+FFFD so the
 * rest of the file is still checked. A given encoding is decoded as it says.
 */
class TextChunks {
  private readonly strict: TextDecoder;
  private readonly lax: TextDecoder;
  private failed = false;

  constructor(
    readonly encoding: string,
    private readonly given: boolean,
  ) {
    this.strict = new TextDecoder(encoding, { fatal: true });
    this.lax = new TextDecoder(encoding);
  }

  decode(bytes: Uint8Array, last: boolean, line: () => number, problems: CsvProblem[]): string {
    if (!this.failed) {
      try {
        return whole(this.strict, bytes, last);
      } catch {
        this.failed = true;
        const text = whole(this.lax, bytes, last);
        const at = text.indexOf("\uFFFD");
        const before = at < 0 ? "" : text.slice(0, at);
        const extra = (before.match(/\r\n|\r|\n/g) ?? []).length;
        const guess = guessEncoding(bytes);
        problems.push({
          line: line() + extra,
          column: 1,
          code: "invalid_encoding",
          message: this.given
            ? `bytes that are not valid ${this.encoding}`
            : `bytes that are not UTF-8: the file looks like ${guess}; import it with --encoding ${guess} (or "encoding": "${guess}" in the mapping), or save it as UTF-8`,
        });
        return text;
      }
    }
    return whole(this.lax, bytes, last);
  }
}

/**
 * Decode in streaming mode, flushing at the end. (Node 20 decodes a one-shot `windows-1252`
 * call as Latin-1, turning “ ” € – — into control characters; the streaming path is right.)
 */
function whole(decoder: TextDecoder, bytes: Uint8Array, last: boolean): string {
  const text = decoder.decode(bytes, { stream: true });
  return last ? text + decoder.decode() : text;
}

/** Where the bytes of a file come from: a byte range of the file, or a gzip stream. */
interface ByteSource {
  /** Up to `max` next bytes (fewer only at the end; empty when done). */
  read(max: number): Promise<Uint8Array>;
  /** Bytes of the file consumed so far (compressed bytes for gzip), for progress. */
  consumed(): number;
  done(): boolean;
  close(): Promise<void>;
}

async function fileBytes(path: string, from: number, to: number | undefined) {
  const fh = await open(path, "r");
  const size = (await fh.stat()).size;
  const end = Math.min(to ?? size, size);
  let offset = from;
  let buf = new Uint8Array(0);
  let closed = false;
  const source: ByteSource = {
    async read(max) {
      const want = Math.min(max, end - offset);
      if (want <= 0) return new Uint8Array(0);
      if (buf.length < want) buf = new Uint8Array(want);
      const { bytesRead } = await fh.read(buf, 0, want, offset);
      offset += bytesRead;
      if (bytesRead === 0) offset = end;
      return buf.subarray(0, bytesRead);
    },
    consumed: () => offset - from,
    done: () => offset >= end,
    async close() {
      if (!closed) {
        closed = true;
        await fh.close();
      }
    },
  };
  return { source, total: end - from };
}

/** A `.gz` file decompressed as a stream (no seeking, so never split for parallel parsing). */
async function gzipBytes(path: string) {
  const total = (await stat(path)).size;
  const raw = createReadStream(path);
  const it = raw.pipe(createGunzip())[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let held: Uint8Array = new Uint8Array(0);
  let ended = false;
  const source: ByteSource = {
    async read(max) {
      const parts: Uint8Array[] = held.length > 0 ? [held] : [];
      let have = held.length;
      held = new Uint8Array(0);
      while (have < max && !ended) {
        const r = await it.next();
        if (r.done) ended = true;
        else {
          parts.push(r.value);
          have += r.value.length;
        }
      }
      const all = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
      if (all.length > max) {
        held = all.subarray(max);
        return all.subarray(0, max);
      }
      return all;
    },
    consumed: () => raw.bytesRead,
    done: () => ended && held.length === 0,
    async close() {
      raw.destroy();
    },
  };
  return { source, total };
}

/** Parse CSV text held in memory (the same tokenizer as files). */
export function parseCsvText(
  text: string,
  options: CsvReadOptions = {},
): { dialect: CsvDialect; header: string[]; rows: CsvRow[]; problems: CsvProblem[] } {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const problems: CsvProblem[] = [];
  const dialect: CsvDialect = { ...sniffDialect(body.slice(0, 65536), options), bom };
  const tok = new CsvTokenizer(dialect.delimiter, dialect.quote, problems, options.maxRecord);
  const all: CsvRow[] = [];
  tok.push(body, true, all);
  const withHeader = options.header !== false;
  const header = withHeader ? (all[0]?.fields ?? []).map((h) => h.trim()) : [];
  const rows = withHeader ? all.slice(1) : all;
  if (withHeader) {
    checkHeader(header, problems);
    checkWidth(rows, header.length, problems);
  }
  return { dialect, header, rows, problems };
}

/**
 * Open a delimited text file (`.gz` ones decompressed on the fly): detect its encoding (a
 * byte-order mark, else `encoding`, else UTF-8), sniff its dialect, read its header, then stream
 * its records in batches. Structural problems are collected with line and column while reading.
 * When a record is longer than a chunk, the next read is as long as the record so far, which
 * keeps reading linear in the input for any record length.
 */
export async function openCsv(
  path: string,
  options: CsvReadOptions & { chunkSize?: number } = {},
): Promise<CsvFile> {
  const start = options.start ?? 0;
  const gz = /\.gz$/i.test(path) && start === 0;
  const { source, total: totalBytes } = gz
    ? await gzipBytes(path)
    : await fileBytes(path, start, options.end);
  const close = () => source.close();
  const chunkSize = options.chunkSize ?? CHUNK;
  const problems: CsvProblem[] = [];

  let first = await source.read(chunkSize);
  const mark = start === 0 ? bomEncoding(first) : null;
  if (mark) first = first.subarray(mark.length);
  const given = options.encoding === undefined ? null : canonicalEncoding(options.encoding);
  if (options.encoding !== undefined && given === null) {
    await close();
    problems.push({
      line: 0,
      column: 0,
      code: "unknown_encoding",
      message: `unknown encoding "${options.encoding}" (e.g. utf-8, windows-1252, macintosh, utf-16le)`,
    });
    return emptyFile(path, totalBytes, problems, close);
  }
  const encoding = mark?.encoding ?? given ?? "utf-8";
  const decoder = new TextChunks(encoding, mark === null && given !== null);
  let lineAt = 1;
  const firstText = decoder.decode(first, source.done(), () => lineAt, problems);
  const dialect: CsvDialect = options.dialect ?? {
    ...sniffDialect(firstText.slice(0, 65536), options),
    bom: mark !== null,
  };
  const tok = new CsvTokenizer(dialect.delimiter, dialect.quote, problems, options.maxRecord);
  const withHeader = options.header !== false && start === 0;
  const batchSize = options.batchSize ?? 8192;
  /** Read and tokenize one more chunk, at least as long as the record waiting to be completed. */
  const more = async (out: CsvRow[]) => {
    const bytes = await source.read(Math.max(chunkSize, tok.pendingLength));
    const last = source.done() || bytes.length === 0;
    tok.push(
      decoder.decode(bytes, last, () => lineAt, problems),
      last,
      out,
    );
    const lastRow = out[out.length - 1];
    if (lastRow) lineAt = lastRow.line;
    return !last && !tok.isStopped;
  };

  let queue: CsvRow[] = [];
  tok.push(firstText, source.done(), queue);
  let header: string[] = [];
  // A header longer than one chunk: keep reading until it is complete.
  while (withHeader && queue.length === 0 && !source.done() && !tok.isStopped) await more(queue);
  if (withHeader) {
    header = (queue[0]?.fields ?? []).map((h) => h.trim());
    queue = queue.slice(1);
    checkHeader(header, problems);
  }
  const width = withHeader ? header.length : options.width;

  return {
    path,
    dialect,
    encoding,
    header,
    totalBytes,
    bytesRead: () => source.consumed(),
    problems,
    nextLine: () => tok.nextLine,
    close,
    async *batches() {
      try {
        let going = !source.done() && !tok.isStopped;
        for (;;) {
          if (queue.length >= batchSize) {
            const batch = queue;
            queue = [];
            if (width !== undefined) checkWidth(batch, width, problems);
            yield batch;
          }
          if (!going) break;
          going = await more(queue);
        }
        if (queue.length > 0) {
          if (width !== undefined) checkWidth(queue, width, problems);
          yield queue;
          queue = [];
        }
      } finally {
        await close();
      }
    },
  };
}

function emptyFile(
  path: string,
  totalBytes: number,
  problems: CsvProblem[],
  close: () => Promise<void>,
): CsvFile {
  return {
    path,
    dialect: { delimiter: ",", quote: '"', newline: "\n", bom: false },
    encoding: "utf-8",
    header: [],
    totalBytes,
    bytesRead: () => totalBytes,
    problems,
    nextLine: () => 1,
    close,
    async *batches() {},
  };
}
