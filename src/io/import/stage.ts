import { rmSync, statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { Worker } from "node:worker_threads";
import { type DuckDBValue, structValue } from "@duckdb/node-api";
import {
  DayMonthResolver,
  type EntityMapping,
  type EntitySpec,
  type FieldSpec,
  type FieldType,
} from "../../core/model/index.js";
import { asciiCompatible } from "../csv/encoding.js";
import { openCsv } from "../csv/reader.js";
import { splitPoints } from "../csv/split.js";
import type { Db } from "../store/db.js";
import { ident } from "../store/ddl.js";
import type { IssueLog } from "./issues.js";
import { type ParsedFile, parseSource, sha256 } from "./parse.js";
import type { ParseJob } from "./parse-worker.js";
import { openSource } from "./source.js";
import { createStageDir, removeStageDir } from "./stagedir.js";

/** What was staged from one source file. */
export type StagedFile = Omit<
  ParsedFile,
  | "stagePath"
  | "stageLine"
  | "dates"
  | "issues"
  | "errors"
  | "warnings"
  | "nextLine"
  | "endsInQuote"
  | "stopped"
>;

/** Staged text, number or boolean type of each field type. */
const STAGE_TYPES: Record<FieldType, "VARCHAR" | "DOUBLE" | "BOOLEAN"> = {
  string: "VARCHAR",
  enum: "VARCHAR",
  tags: "VARCHAR",
  date: "VARCHAR",
  datetime: "VARCHAR",
  integer: "DOUBLE",
  number: "DOUBLE",
  boolean: "BOOLEAN",
};

/** Name of the temporary staging table of an entity. */
export function stageTable(entity: EntitySpec): string {
  return `stage_${entity.name}`;
}

/** Alternative (day/month) column of a date field in the staging table. */
export function altColumn(field: FieldSpec): string {
  return `${field.name}__alt`;
}

const dateFieldsOf = (entity: EntitySpec) =>
  entity.fields.filter((f) => f.type === "date" || f.type === "datetime");

/** Columns of the staging table (and of stage files), in order. */
function stageColumns(entity: EntitySpec): [string, string][] {
  return [
    ["_file", "SMALLINT"],
    ["_line", "INTEGER"],
    ...entity.fields.map((f): [string, string] => [f.name, STAGE_TYPES[f.type]]),
    ...dateFieldsOf(entity).map((f): [string, string] => [altColumn(f), "VARCHAR"]),
    ["attributes", "VARCHAR"],
  ];
}

export interface StageProgress {
  /** Bytes read so far over all files of the import, and their total. */
  onBytes(done: number, total: number): void;
}

/** The files of one entity to stage, with the index of its first file. */
export interface StageJob {
  readonly entity: EntitySpec;
  readonly paths: readonly string[];
  readonly mapping?: EntityMapping;
  /** Text encoding of the CSV files (without a byte-order mark). */
  readonly encoding?: string;
  readonly firstIndex: number;
}

/** CSV files at least this big are parsed in worker threads (smaller ones are not worth a thread). */
export const WORKER_BYTES = 8 << 20;
/** Big CSV files are split into parts of about this size, parsed in parallel. */
const PART_BYTES = 24 << 20;
const WORKERS = 2;

interface FileTask {
  readonly job: StageJob;
  readonly path: string;
  readonly index: number;
  readonly size: number;
}

/**
 * Read every file of every entity into temporary staging tables, checking each cell. Big CSV
 * files are split at newlines into parts parsed by worker threads, two at a time, while this
 * thread parses small files and loads finished parts into DuckDB. A split that falls inside a
 * quoted field is detected (the part before it ends inside a quote) and that file is parsed
 * again in one piece. Problems go to `log` with file, line and column; nothing touches the store.
 */
export async function stageAll(
  db: Db,
  jobs: readonly StageJob[],
  log: IssueLog,
  cap: number,
  progress?: StageProgress,
  workerBytes = WORKER_BYTES,
  partBytes = PART_BYTES,
): Promise<Map<string, StagedFile[]>> {
  for (const job of jobs) {
    const cols = stageColumns(job.entity).map(([n, t]) => `${ident(n)} ${t}`);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(stageTable(job.entity))} (${cols.join(", ")})`,
    );
  }
  const files: FileTask[] = jobs.flatMap((job) =>
    job.paths.map((path, k) => ({
      job,
      path,
      index: job.firstIndex + k,
      size: statSync(path).size,
    })),
  );
  const total = files.reduce((s, f) => s + f.size, 0);
  const done = new Map<string, number>();
  const report = (key: string, bytes: number) => {
    done.set(key, bytes);
    let sum = 0;
    for (const v of done.values()) sum += v;
    progress?.onBytes(Math.min(sum, total), total);
  };

  const stageDir = createStageDir();
  const pool = new WorkerPool(WORKERS);
  try {
    const isBig = (f: FileTask) =>
      f.size >= workerBytes && !/^\.(parquet|pq|xlsx)$/i.test(extname(f.path));
    // Big files start in workers right away; small ones are parsed here, in order, meanwhile.
    const pending = new Map<number, Promise<ParsedFile[]>>();
    for (const f of files.filter(isBig)) {
      const p = parseBig(f, pool, cap, partBytes, report, stageDir);
      p.catch(() => {}); // awaited below; no unhandled rejection if an earlier file fails
      pending.set(f.index, p);
    }
    const small = new Map<number, ParsedFile>();
    for (const f of files.filter((x) => !isBig(x))) {
      const source = await openSource(
        f.path,
        db.connection,
        f.job.encoding ? { encoding: f.job.encoding } : {},
      );
      small.set(
        f.index,
        await parseSource(
          source,
          f.job.entity,
          f.index,
          f.job.mapping,
          cap,
          (b) => report(`${f.index}`, b),
          true,
          stageDir,
        ),
      );
    }

    const staged = new Map<string, StagedFile[]>();
    for (const f of files) {
      const parts = small.has(f.index)
        ? [small.get(f.index) as ParsedFile]
        : await (pending.get(f.index) as Promise<ParsedFile[]>);
      const file = await loadParts(db, f, parts, log);
      const list = staged.get(f.job.entity.name) ?? [];
      list.push(file);
      staged.set(f.job.entity.name, list);
    }
    return staged;
  } finally {
    await pool.terminate();
    removeStageDir(stageDir);
  }
}

/** Parse a big CSV file in parts on the worker pool (or whole, when a split cut a quoted field). */
async function parseBig(
  f: FileTask,
  pool: WorkerPool,
  cap: number,
  partBytes: number,
  report: (key: string, bytes: number) => void,
  stageDir: string,
): Promise<ParsedFile[]> {
  const base: ParseJob = {
    entity: f.job.entity.name,
    path: f.path,
    index: f.index,
    stageDir,
    ...(f.job.mapping ? { mapping: f.job.mapping } : {}),
    ...(f.job.encoding ? { encoding: f.job.encoding } : {}),
    cap,
  };
  const whole = () => pool.run(base, (b) => report(`${f.index}`, b)).then((p) => [p]);
  const head = await openCsv(f.path, f.job.encoding ? { encoding: f.job.encoding } : {});
  await head.close();
  // Parts are cut at newline bytes: not in compressed files or UTF-16 text.
  if (/\.gz$/i.test(f.path) || !asciiCompatible(head.encoding)) return whole();
  if (head.dialect.newline === "\r" || head.problems.length > 0) return whole();
  const splits = await splitPoints(f.path, f.size, Math.ceil(f.size / partBytes));
  if (splits.length === 0) return whole();
  const bounds = [0, ...splits, f.size];
  const sha = sha256(f.path);
  // A part that stops at an over-long record makes the file fail: the parts after it are
  // cancelled (their lines could not be counted anyway), so a bad file fails fast.
  const cancels = bounds.slice(0, -1).map(() => new AbortController());
  const settled = await Promise.allSettled(
    bounds.slice(0, -1).map((start, k) =>
      pool
        .run(
          {
            ...base,
            part: {
              start,
              end: bounds[k + 1] as number,
              dialect: head.dialect,
              header: head.header,
            },
          },
          (b) => report(`${f.index}:${k}`, b),
          (cancels[k] as AbortController).signal,
        )
        .then((p) => {
          // Stopped: the file fails here. Ends inside a quote: the cut fell in a quoted field and
          // the file is read again whole. Either way the other parts are not needed.
          if (p.stopped) for (const c of cancels.slice(k + 1)) c.abort();
          else if (p.endsInQuote && k < cancels.length - 1)
            for (const c of cancels) if (c !== cancels[k]) c.abort();
          return p;
        }),
    ),
  );
  const parts: ParsedFile[] = [];
  for (const [k, r] of settled.entries()) {
    if (r.status === "rejected") {
      if ((cancels[k] as AbortController).signal.aborted) break;
      throw r.reason;
    }
    parts.push(r.value);
    if (r.value.stopped) return parts;
    if (r.value.endsInQuote && k < settled.length - 1) break;
  }
  if (parts.length < settled.length || parts.slice(0, -1).some((p) => p.endsInQuote)) {
    for (const p of parts)
      if (p.stagePath) rmSync(dirname(p.stagePath), { recursive: true, force: true });
    return whole();
  }
  const digest = await sha;
  return parts.map((p) => ({ ...p, sha256: digest, bytes: f.size }));
}

/**
 * Load the parts of one file into its staging table: lines of later parts are shifted by the
 * lines before them, the day/month order of dates is decided over all parts, issues are logged.
 */
async function loadParts(
  db: Db,
  f: FileTask,
  parts: readonly ParsedFile[],
  log: IssueLog,
): Promise<StagedFile> {
  const entity = f.job.entity;
  let offset = 0;
  const dates = new Map<string, DayMonthResolver>();
  for (const part of parts) {
    for (const i of part.issues)
      log.add(i.line > 0 && offset > 0 ? { ...i, line: i.line + offset } : i);
    log.addUncounted(
      part.errors - part.issues.filter((i) => i.severity === "error").length,
      "error",
    );
    log.addUncounted(
      part.warnings - part.issues.filter((i) => i.severity === "warning").length,
      "warning",
    );
    for (const d of part.dates) {
      const r = dates.get(d.field) ?? new DayMonthResolver();
      r.merge(d.seen, offset);
      dates.set(d.field, r);
    }
    if (part.stagePath) {
      try {
        await loadStageFile(db, entity, part.stagePath, offset, part.stageLine);
      } finally {
        rmSync(dirname(part.stagePath), { recursive: true, force: true });
      }
    }
    offset += part.nextLine - 1;
  }
  const first = parts[0] as ParsedFile;
  const table = `temp.main.${ident(stageTable(entity))}`;
  for (const [name, seen] of dates) {
    const decision = seen.decide();
    const field = entity.fields.find((x) => x.name === name) as FieldSpec;
    if (!decision.ok) {
      log.add({
        severity: "error",
        file: first.label,
        line: 1,
        column: first.columns[name] ?? 0,
        code: "date_order",
        message: `${name}: ${decision.reason}`,
      });
    } else if (decision.order === "DMY") {
      await db.run(
        `UPDATE ${table} SET ${ident(field.name)} = ${ident(altColumn(field))}
         WHERE _file = $file AND ${ident(altColumn(field))} IS NOT NULL`,
        { file: f.index },
      );
    }
  }
  const {
    stagePath: _p,
    dates: _d,
    issues: _i,
    errors: _e,
    warnings: _w,
    nextLine: _n,
    endsInQuote: _q,
    stopped: _s,
    stageLine: _l,
    ...file
  } = first;
  return { ...file, rows: parts.reduce((s, p) => s + p.rows, 0) };
}

/** Lines of stage files longer than this need DuckDB's line limit raised (its default is 2 MB). */
const DUCKDB_LINE = 1 << 20;

/** Runs parse jobs in worker threads, at most `size` at a time. */
class WorkerPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly workers = new Set<Worker>();

  constructor(private readonly size: number) {}

  async run(
    job: ParseJob,
    onBytes: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<ParsedFile> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      if (signal?.aborted) throw new Error(`parse of ${job.path} cancelled`);
      return await inWorker(job, onBytes, this.workers, signal);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Stop every running worker (an import that ends early leaves none behind). */
  async terminate(): Promise<void> {
    const all = [...this.workers];
    this.workers.clear();
    await Promise.all(all.map((w) => w.terminate()));
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/** Run one parse job in a worker thread (through tsx when running from TypeScript sources). */
function inWorker(
  job: ParseJob,
  onBytes: (done: number) => void,
  workers: Set<Worker>,
  signal?: AbortSignal,
): Promise<ParsedFile> {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./parse-worker.dev.mjs" : "./parse-worker.js", import.meta.url);
  const worker = new Worker(url, {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  workers.add(worker);
  return new Promise<ParsedFile>((resolve, reject) => {
    const cancel = () => {
      void worker.terminate();
      reject(new Error(`parse of ${job.path} cancelled`));
    };
    signal?.addEventListener("abort", cancel, { once: true });
    worker.on(
      "message",
      (m: { kind: "progress"; done: number } | { kind: "done"; result: ParsedFile }) => {
        if (m.kind === "progress") onBytes(m.done);
        else resolve(m.result);
      },
    );
    worker.on("error", reject);
    worker.on("exit", (code) => {
      signal?.removeEventListener("abort", cancel);
      workers.delete(worker);
      if (code !== 0) reject(new Error(`parse worker for ${job.path} exited with code ${code}`));
    });
  });
}

async function loadStageFile(
  db: Db,
  entity: EntitySpec,
  path: string,
  lineOffset: number,
  longest: number,
): Promise<void> {
  // DuckDB's reader refuses lines over 2 MB by default; long records raise its limits.
  const big = longest >= DUCKDB_LINE;
  const params: Record<string, DuckDBValue> = {
    path,
    line_offset: lineOffset,
    columns: structValue(Object.fromEntries(stageColumns(entity))),
    ...(big ? { max_line: longest + 1024, buffer: Math.max(2 * (longest + 1024), 32 << 20) } : {}),
  };
  await db.run(
    `INSERT INTO temp.main.${ident(stageTable(entity))}
     SELECT * REPLACE (_line + $line_offset AS _line) FROM read_csv($path,
       header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n',
       ${big ? "max_line_size = $max_line, buffer_size = $buffer," : ""} columns = $columns)`,
    params,
  );
}
