import { open } from "node:fs/promises";
import type { CsvDialect, CsvFile, CsvProblem, CsvReadOptions, CsvRow } from "./contract.js";
import { sniffDialect } from "./dialect.js";
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

/** Decodes UTF-8 chunk by chunk; invalid bytes become a problem (with line) instead of U+FFFD. */
class Utf8Chunks {
  private readonly strict = new TextDecoder("utf-8", { fatal: true });
  private readonly lax = new TextDecoder("utf-8");
  private failed = false;

  decode(bytes: Uint8Array, last: boolean, line: () => number, problems: CsvProblem[]): string {
    if (!this.failed) {
      try {
        return this.strict.decode(bytes, { stream: !last });
      } catch {
        this.failed = true;
        const text = this.lax.decode(bytes, { stream: !last });
        const at = text.indexOf("\uFFFD");
        const before = at < 0 ? "" : text.slice(0, at);
        const extra = (before.match(/\r\n|\r|\n/g) ?? []).length;
        problems.push({
          line: line() + extra,
          column: 1,
          code: "invalid_utf8",
          message: "bytes that are not UTF-8 (save the file as UTF-8)",
        });
        return text;
      }
    }
    return this.lax.decode(bytes, { stream: !last });
  }
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
  const tok = new CsvTokenizer(dialect.delimiter, dialect.quote, problems);
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
 * Open a delimited text file: sniff its dialect, read its header, then stream its records in
 * batches. Structural problems are collected with line and column while reading.
 */
export async function openCsv(
  path: string,
  options: CsvReadOptions & { chunkSize?: number } = {},
): Promise<CsvFile> {
  const fh = await open(path, "r");
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await fh.close();
    }
  };
  const fileBytes = (await fh.stat()).size;
  const start = options.start ?? 0;
  const end = Math.min(options.end ?? fileBytes, fileBytes);
  const totalBytes = end - start;
  const chunkSize = options.chunkSize ?? CHUNK;
  const problems: CsvProblem[] = [];
  let offset = start;
  const buf = new Uint8Array(Math.max(chunkSize, 4));
  const readChunk = async (): Promise<Uint8Array> => {
    const { bytesRead } = await fh.read(buf, 0, Math.min(chunkSize, end - offset), offset);
    offset += bytesRead;
    return buf.subarray(0, bytesRead);
  };

  let first = await readChunk();
  const utf16 =
    (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
  if (start === 0 && utf16) {
    await close();
    problems.push({
      line: 1,
      column: 1,
      code: "utf16",
      message: "file is UTF-16; save it as UTF-8",
    });
    const dialect: CsvDialect = { delimiter: ",", quote: '"', newline: "\n", bom: true };
    return {
      path,
      dialect,
      header: [],
      totalBytes,
      bytesRead: () => totalBytes,
      problems,
      nextLine: () => 1,
      close,
      async *batches() {},
    };
  }
  const bom = start === 0 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  if (bom) first = first.subarray(3);
  const decoder = new Utf8Chunks();
  let lineAt = 1;
  const firstText = decoder.decode(first, offset >= end, () => lineAt, problems);
  const dialect: CsvDialect = options.dialect ?? {
    ...sniffDialect(firstText.slice(0, 65536), options),
    bom,
  };
  const tok = new CsvTokenizer(dialect.delimiter, dialect.quote, problems);
  const withHeader = options.header !== false && start === 0;
  const batchSize = options.batchSize ?? 8192;

  let queue: CsvRow[] = [];
  tok.push(firstText, offset >= end, queue);
  let header: string[] = [];
  // A header longer than one chunk: keep reading until it is complete.
  while (withHeader && queue.length === 0 && offset < end) {
    const bytes = await readChunk();
    tok.push(
      decoder.decode(bytes, offset >= end, () => lineAt, problems),
      offset >= end,
      queue,
    );
  }
  if (withHeader) {
    header = (queue[0]?.fields ?? []).map((h) => h.trim());
    queue = queue.slice(1);
    checkHeader(header, problems);
  }
  const width = withHeader ? header.length : options.width;

  return {
    path,
    dialect,
    header,
    totalBytes,
    bytesRead: () => offset - start,
    problems,
    nextLine: () => tok.nextLine,
    close,
    async *batches() {
      try {
        for (;;) {
          if (queue.length >= batchSize) {
            const batch = queue;
            queue = [];
            if (width !== undefined) checkWidth(batch, width, problems);
            yield batch;
          }
          if (offset >= end) break;
          const bytes = await readChunk();
          const last = offset >= end || bytes.length === 0;
          const text = decoder.decode(bytes, last, () => lineAt, problems);
          tok.push(text, last, queue);
          const lastRow = queue[queue.length - 1];
          if (lastRow) lineAt = lastRow.line;
          if (bytes.length === 0) break;
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
