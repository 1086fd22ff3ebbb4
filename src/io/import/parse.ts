import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import {
  type CellIssue,
  type DayMonthResolver,
  type EntityMapping,
  type EntitySpec,
  makeRowParser,
  resolveHeader,
} from "../../core/model/index.js";
import { type ImportIssue, IssueLog } from "./issues.js";
import type { SourceFile } from "./source.js";
import { StageFileWriter } from "./stagefile.js";

/** One source file parsed into a temporary stage file, with everything found on the way. */
export interface ParsedFile {
  readonly index: number;
  readonly path: string;
  readonly label: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
  /** Header binding, for the import report: field -> source column. */
  readonly bindings: Readonly<Record<string, string>>;
  /** Field -> 1-based source column, for messages about staged rows. */
  readonly columns: Readonly<Record<string, number>>;
  readonly unused: readonly string[];
  /** The temporary CSV holding the parsed rows in staging layout (null when nothing to load). */
  readonly stagePath: string | null;
  /** Bytes of the longest line of the stage file. */
  readonly stageLine: number;
  /** What each date field's values say about the day/month order (decided per whole file). */
  readonly dates: readonly { readonly field: string; readonly seen: DayMonthResolver }[];
  /** The line after the last record (a part of a split file counts its lines from 1). */
  readonly nextLine: number;
  /** Whether the input ended inside a quoted field. */
  readonly endsInQuote: boolean;
  /** Whether reading stopped at a record over the length limit (the file cannot be imported). */
  readonly stopped: boolean;
  /** Issues found (capped) and the full counts. */
  readonly issues: readonly ImportIssue[];
  readonly errors: number;
  readonly warnings: number;
}

/** SHA-256 of a file, streamed. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Parse every row of one source into the entity's staging layout, written to a temporary CSV,
 * checking each cell. Pure of any database, so it can run in a worker thread.
 */
export async function parseSource(
  source: SourceFile,
  entity: EntitySpec,
  index: number,
  mapping: EntityMapping | undefined,
  cap: number,
  onBytes?: (done: number) => void,
  /** False for a part of a split file: no checksum (the caller takes the whole file's). */
  whole = true,
  /** The import's stage folder (removed with everything in it when the import ends). */
  stageDir?: string,
): Promise<ParsedFile> {
  const log = new IssueLog(cap);
  const digest = whole ? sha256(source.path) : Promise.resolve("");
  const label = source.path;
  const resolution = resolveHeader(entity, source.header, mapping);
  // A file that could not be opened as a table has no header to complain about: its problem says why.
  const unreadable = source.header.length === 0 && source.problems.length > 0;
  for (const e of unreadable ? [] : resolution.errors) {
    log.add({
      severity: "error",
      file: label,
      line: 1,
      column: e.column,
      code: "header",
      message: e.message,
    });
  }
  const bindings: Record<string, string> = {};
  const columns: Record<string, number> = {};
  entity.fields.forEach((f, i) => {
    const s = resolution.sources[i];
    if (s?.kind === "column") {
      bindings[f.name] = s.header;
      columns[f.name] = s.index + 1;
    } else if (s?.kind === "constant") bindings[f.name] = `= ${s.value}`;
  });
  const base = {
    index,
    path: source.path,
    label,
    bytes: source.totalBytes,
    bindings,
    columns,
    unused: resolution.unused.map((u) => u.header),
  };
  const done = async (
    rows: number,
    stagePath: string | null,
    dates: ParsedFile["dates"],
    stageLine = 0,
  ): Promise<ParsedFile> => ({
    ...base,
    sha256: await digest,
    rows,
    stagePath,
    stageLine,
    dates,
    nextLine: source.nextLine(),
    endsInQuote: source.problems.some((p) => p.code === "unterminated_quote"),
    stopped: source.problems.some((p) => p.code === "record_too_long"),
    issues: log.kept,
    errors: log.errors,
    warnings: log.warnings,
  });
  if (resolution.errors.length > 0 || unreadable) {
    // A file that could not be opened as a table (unknown encoding, not a workbook) says why.
    if (unreadable)
      for (const p of source.problems) log.add({ severity: "error", file: label, ...p });
    await source.close();
    return done(0, null, []);
  }

  const parser = makeRowParser(entity, resolution.sources, resolution.unused, mapping);
  const writer = new StageFileWriter(stageDir);
  let rows = 0;
  const cellIssues: CellIssue[] = [];
  try {
    for await (const batch of source.batches()) {
      for (const row of batch) {
        cellIssues.length = 0;
        const staged = parser.parse(row.fields, row.line, cellIssues);
        for (const ci of cellIssues) {
          log.add({
            severity: ci.severity ?? "error",
            file: label,
            line: row.line,
            column: ci.column,
            code: ci.code ?? "cell",
            message: ci.message,
          });
        }
        writer.row(index, row.line, staged.values, staged.alts, staged.attributes);
        rows++;
      }
      onBytes?.(source.bytesRead());
    }
  } catch (err) {
    writer.close();
    writer.remove();
    throw err;
  }
  writer.close();
  for (const p of [...source.problems].sort((a, b) => a.line - b.line || a.column - b.column)) {
    log.add({
      severity: "error",
      file: label,
      line: p.line,
      column: p.column,
      code: p.code,
      message: p.message,
    });
  }
  if (rows === 0 && source.problems.length === 0) {
    log.add({
      severity: "warning",
      file: label,
      line: 0,
      column: 0,
      code: "empty",
      message: "file has no data rows",
    });
  }
  const dates = parser.dateFields.map((field, k) => ({
    field: field.name,
    seen: parser.resolvers[k] as DayMonthResolver,
  }));
  if (rows === 0) {
    writer.remove();
    return done(0, null, dates);
  }
  return done(rows, writer.path, dates, writer.longest);
}
