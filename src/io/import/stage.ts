import { rmSync, statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { Worker } from "node:worker_threads";
import type { EntityMapping, EntitySpec, FieldSpec, FieldType } from "../../core/model/index.js";
import type { Db } from "../store/db.js";
import { ident, literal } from "../store/ddl.js";
import type { IssueLog } from "./issues.js";
import { type ParsedFile, parseSource } from "./parse.js";
import type { ParseJob } from "./parse-worker.js";
import { openSource } from "./source.js";

/** What was staged from one source file. */
export type StagedFile = Omit<
  ParsedFile,
  "stagePath" | "dayFirst" | "issues" | "errors" | "warnings"
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
  readonly firstIndex: number;
}

/** CSV files at least this big are parsed in worker threads (smaller ones are not worth a thread). */
export const WORKER_BYTES = 8 << 20;
const WORKERS = 2;

/**
 * Read every file of every entity into temporary staging tables, checking each cell. Big CSV
 * files are parsed by worker threads, two at a time, while this thread loads finished ones into
 * DuckDB. Problems go to `log` with file, line and column; nothing touches the store.
 */
export async function stageAll(
  db: Db,
  jobs: readonly StageJob[],
  log: IssueLog,
  cap: number,
  progress?: StageProgress,
  workerBytes = WORKER_BYTES,
): Promise<Map<string, StagedFile[]>> {
  for (const job of jobs) {
    const cols = stageColumns(job.entity).map(([n, t]) => `${ident(n)} ${t}`);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(stageTable(job.entity))} (${cols.join(", ")})`,
    );
  }
  const files = jobs.flatMap((job) =>
    job.paths.map((path, k) => ({
      job,
      path,
      index: job.firstIndex + k,
      size: statSync(path).size,
    })),
  );
  const total = files.reduce((s, f) => s + f.size, 0);
  const done = new Map<number, number>();
  const report = (index: number, bytes: number) => {
    done.set(index, bytes);
    let sum = 0;
    for (const v of done.values()) sum += v;
    progress?.onBytes(sum, total);
  };

  // Big CSVs start in workers right away; the rest are parsed here, in order, meanwhile.
  const isWorkerFile = (f: (typeof files)[number]) =>
    f.size >= workerBytes && !/^\.(parquet|pq)$/i.test(extname(f.path));
  const queue = files.filter(isWorkerFile);
  const running = new Map<number, Promise<ParsedFile>>();
  const launch = () => {
    while (running.size < WORKERS && queue.length > 0) {
      const f = queue.shift() as (typeof files)[number];
      const job: ParseJob = {
        entity: f.job.entity.name,
        path: f.path,
        index: f.index,
        ...(f.job.mapping ? { mapping: f.job.mapping } : {}),
        cap,
      };
      running.set(
        f.index,
        inWorker(job, (bytes) => report(f.index, bytes)),
      );
    }
  };
  launch();
  const results = new Map<number, ParsedFile>();
  for (const f of files) {
    if (isWorkerFile(f)) continue;
    const source = await openSource(f.path, db.connection);
    results.set(
      f.index,
      await parseSource(source, f.job.entity, f.index, f.job.mapping, cap, (b) =>
        report(f.index, b),
      ),
    );
  }
  const staged = new Map<string, StagedFile[]>();
  for (const f of files) {
    let parsed = results.get(f.index);
    if (!parsed) {
      parsed = await (running.get(f.index) as Promise<ParsedFile>);
      running.delete(f.index);
      launch();
    }
    report(f.index, f.size);
    for (const i of parsed.issues) log.add(i);
    log.addUncounted(
      parsed.errors - parsed.issues.filter((i) => i.severity === "error").length,
      "error",
    );
    log.addUncounted(
      parsed.warnings - parsed.issues.filter((i) => i.severity === "warning").length,
      "warning",
    );
    if (parsed.stagePath) {
      try {
        await loadStageFile(db, f.job.entity, parsed);
      } finally {
        rmSync(dirname(parsed.stagePath), { recursive: true, force: true });
      }
    }
    const { stagePath: _p, dayFirst: _d, issues: _i, errors: _e, warnings: _w, ...file } = parsed;
    const list = staged.get(f.job.entity.name) ?? [];
    list.push(file);
    staged.set(f.job.entity.name, list);
  }
  return staged;
}

/** Run one parse job in a worker thread (through tsx when running from TypeScript sources). */
function inWorker(job: ParseJob, onBytes: (done: number) => void): Promise<ParsedFile> {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./parse-worker.dev.mjs" : "./parse-worker.js", import.meta.url);
  const worker = new Worker(url, {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  return new Promise((resolve, reject) => {
    worker.on(
      "message",
      (m: { kind: "progress"; done: number } | { kind: "done"; result: ParsedFile }) => {
        if (m.kind === "progress") onBytes(m.done);
        else resolve(m.result);
      },
    );
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`parse worker for ${job.path} exited with code ${code}`));
    });
  });
}

async function loadStageFile(db: Db, entity: EntitySpec, parsed: ParsedFile): Promise<void> {
  const columns = stageColumns(entity)
    .map(([n, t]) => `${literal(n)}: ${literal(t)}`)
    .join(", ");
  const table = `temp.main.${ident(stageTable(entity))}`;
  await db.run(
    `INSERT INTO ${table} SELECT * FROM read_csv(${literal(parsed.stagePath ?? "")},
       header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n',
       columns = {${columns}})`,
  );
  for (const name of parsed.dayFirst) {
    const field = entity.fields.find((x) => x.name === name) as FieldSpec;
    await db.run(
      `UPDATE ${table} SET ${ident(field.name)} = ${ident(altColumn(field))}
       WHERE _file = ${parsed.index} AND ${ident(altColumn(field))} IS NOT NULL`,
    );
  }
}
