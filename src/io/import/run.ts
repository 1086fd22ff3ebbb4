import { existsSync, rmSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  ENTITIES,
  type EntityMapping,
  type EntityName,
  type EntitySpec,
} from "../../core/model/index.js";
import { Db } from "../store/db.js";
import { ident, isVersioned, tableName } from "../store/ddl.js";
import { migrate } from "../store/migrations.js";
import { type AttachedStore, Store } from "../store/store.js";
import { TOOL_VERSION } from "../version.js";
import {
  checkDuplicateFacts,
  checkDuplicates,
  checkIdLookalikes,
  checkReferences,
  checkValues,
  deriveFields,
  qualityWarnings,
} from "./checks.js";
import { type CommitCounts, commitEntity } from "./commit.js";
import { compactAfterCutCommit, markCommit, unmarkCommit } from "./compact.js";
import { IssueLog } from "./issues.js";
import { type StagedFile, type StageProgress, stageAll } from "./stage.js";
import { sweepStaleStageDirs } from "./stagedir.js";

/** Files of one entity to import, with the mapping section that describes their layout. */
export interface ImportRequest {
  readonly entity: EntitySpec;
  readonly files: readonly string[];
  readonly mapping?: EntityMapping;
}

export interface ImportOptions {
  readonly storePath: string;
  /** When this data was true (knowledge time of the new versions); default now. ISO text. */
  readonly knownFrom?: string;
  /** Files are complete snapshots: current rows they lack are retired. */
  readonly fullSnapshot?: boolean;
  /**
   * Store facts (signals, history) even when the same ones are stored already or repeat inside
   * the files: for sources whose identical rows are distinct events.
   */
  readonly force?: boolean;
  /**
   * Blank cells (and their spellings: `NA`, `-`, `none`, ...) and columns a file lacks clear the
   * stored values of the rows it updates. Without it a file updates only the fields it has.
   */
  readonly replaceMissing?: boolean;
  /** Text encoding of CSV files without a byte-order mark (a mapping's "encoding" wins). */
  readonly encoding?: string;
  readonly progress?: StageProgress;
  /** Issues of each severity kept for display. */
  readonly maxIssues?: number;
  /** CSV files from this size on are parsed in worker threads (default 8 MiB). */
  readonly workerBytes?: number;
  /** Size of the parts big CSV files are split into for parallel parsing (default 48 MiB). */
  readonly partBytes?: number;
}

export interface EntityOutcome {
  readonly entity: EntityName;
  readonly files: readonly StagedFile[];
  readonly counts?: CommitCounts;
  readonly importId?: number;
  /** Fact rows repeated inside the files, kept once. */
  readonly repeated?: number;
}

export interface ImportResult {
  readonly ok: boolean;
  /** Seconds spent in each phase (read+parse, checks, commit), for benchmarks. */
  readonly timings: readonly { readonly phase: string; readonly seconds: number }[];
  readonly log: IssueLog;
  readonly outcomes: readonly EntityOutcome[];
}

/**
 * Import files into the store, all or nothing. Everything is read, parsed and checked in a
 * scratch database with the store attached read-only; the store is opened for writing only when
 * there is no error, and then changed in one transaction (migrations included).
 */
export async function importData(
  requests: readonly ImportRequest[],
  options: ImportOptions,
): Promise<ImportResult> {
  sweepStaleStageDirs();
  await compactAfterCutCommit(options.storePath);
  const log = new IssueLog(options.maxIssues ?? 200);
  const force = options.force ?? false;
  const replaceMissing = (req: ImportRequest) =>
    (options.replaceMissing ?? false) || (req.mapping?.replaceMissing ?? false);
  const ordered = [...requests].sort(
    (a, b) => ENTITIES.indexOf(a.entity) - ENTITIES.indexOf(b.entity),
  );
  const knownFrom = options.knownFrom ?? new Date().toISOString();
  // Row order inside tables carries no meaning here; not preserving it lets DuckDB stream.
  const instance = await DuckDBInstance.create(":memory:", {
    preserve_insertion_order: "false",
    memory_limit: process.env.PAYDIRT_DUCKDB_MEMORY ?? "1GB",
  });
  const connection = await instance.connect();
  const db = new Db(connection);
  const storeExisted = existsSync(options.storePath);
  let attached: AttachedStore | undefined;
  const outcomes: EntityOutcome[] = [];
  const timings: { phase: string; seconds: number }[] = [];
  let clock = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings.push({ phase, seconds: (now - clock) / 1000 });
    clock = now;
  };
  try {
    const stored = new Set<EntityName>();
    if (storeExisted) {
      attached = await Store.attach(db, options.storePath, "read", "store");
      await db.run("USE store");
      const tables = new Set(
        (
          await db.all<{ name: string }>(
            "SELECT table_name AS name FROM duckdb_tables() WHERE database_name = 'store'",
          )
        ).map((r) => r.name),
      );
      for (const e of ENTITIES) if (tables.has(tableName(e))) stored.add(e.name);
    }

    const labels = new Map<number, string>();
    const columns = new Map<number, Readonly<Record<string, number>>>();
    const entityFiles = new Map<EntityName, number[]>();
    let next = 1;
    const jobs = ordered.map((req) => {
      const encoding = req.mapping?.encoding ?? options.encoding;
      const job = {
        entity: req.entity,
        paths: req.files,
        firstIndex: next,
        ...(req.mapping ? { mapping: req.mapping } : {}),
        ...(encoding ? { encoding } : {}),
      };
      next += req.files.length;
      return job;
    });
    const staged = await stageAll(
      db,
      jobs,
      log,
      options.maxIssues ?? 200,
      options.progress,
      options.workerBytes,
      options.partBytes,
    );
    for (const req of ordered) {
      const files = staged.get(req.entity.name) ?? [];
      for (const f of files) {
        labels.set(f.index, f.label);
        columns.set(f.index, f.columns);
      }
      entityFiles.set(
        req.entity.name,
        files.map((f) => f.index),
      );
      outcomes.push({ entity: req.entity.name, files });
    }
    lap("read and parse");
    const ctx = {
      db,
      log,
      labels,
      columnOf: (file: number, field: string) => columns.get(file)?.[field] ?? 0,
      entityFiles,
      staged: new Set(ordered.map((r) => r.entity.name)),
      stored,
      examples: options.maxIssues ?? 200,
    };
    const repeated = new Map<EntityName, number>();
    for (const req of ordered) {
      const ectx = { ...ctx, replaceMissing: replaceMissing(req), keepDuplicateFacts: force };
      await deriveFields(ectx, req.entity);
      await checkDuplicates(ectx, req.entity);
      repeated.set(req.entity.name, await checkDuplicateFacts(ectx, req.entity));
      await checkValues(ectx, req.entity);
      await checkIdLookalikes(ectx, req.entity);
      await checkReferences(ectx, req.entity);
      await qualityWarnings(ectx, req.entity);
      lap(`check ${req.entity.name}`);
    }
    if (storeExisted) await checkHistory(ordered, outcomes, knownFrom, db, log, stored);
    if (log.errors > 0) return { ok: false, log, outcomes, timings };

    // No error: now, and only now, open the store for writing.
    markCommit(options.storePath);
    await db.run("USE memory");
    await attached?.detach();
    attached = await Store.attach(db, options.storePath, "write", "store");
    await db.run("USE store");
    const committed: EntityOutcome[] = [];
    try {
      await db.transaction(async () => {
        await migrate(db);
        for (const [i, req] of ordered.entries()) {
          const started = new Date().toISOString();
          const id = (await db.one<{ id: number }>("SELECT nextval('import_ids') AS id"))?.id ?? 0;
          const counts = await commitEntity(
            db,
            req.entity,
            id,
            knownFrom,
            options.fullSnapshot ?? false,
            { replaceMissing: replaceMissing(req), keepDuplicateFacts: force },
          );
          const files = outcomes[i]?.files ?? [];
          const warnings = log.kept
            .filter((w) => w.severity === "warning" && files.some((f) => f.label === w.file))
            .map((w) => ({ line: w.line, code: w.code, message: w.message }));
          await db.run(
            `INSERT INTO imports VALUES (?, ?, CAST(? AS TIMESTAMP), now()::TIMESTAMP, CAST(? AS TIMESTAMP),
              CAST(? AS JSON), ?, ?, ?, ?, CAST(? AS JSON), CAST(? AS JSON), ?)`,
            [
              id,
              req.entity.name,
              started,
              knownFrom,
              JSON.stringify(
                files.map((f) => ({
                  path: f.path,
                  bytes: f.bytes,
                  sha256: f.sha256,
                  rows: f.rows,
                })),
              ),
              files.reduce((s, f) => s + f.rows, 0),
              counts.inserted,
              counts.updated,
              counts.unchanged,
              JSON.stringify(warnings),
              req.mapping ? JSON.stringify(req.mapping) : "null",
              TOOL_VERSION,
            ],
          );
          committed.push({
            entity: req.entity.name,
            files,
            counts,
            importId: id,
            repeated: repeated.get(req.entity.name) ?? 0,
          });
          lap(`commit ${req.entity.name}`);
        }
      });
    } catch (err) {
      if (!storeExisted) {
        await db.run("USE memory").catch(() => {});
        await attached?.detach().catch(() => {});
        removeStoreFiles(options.storePath);
      }
      throw err;
    }
    lap("finish");
    return { ok: true, log, outcomes: committed, timings };
  } finally {
    unmarkCommit(options.storePath);
    attached?.release();
    connection.closeSync();
    instance.closeSync();
  }
}

function removeStoreFiles(path: string): void {
  for (const p of [path, `${path}.wal`]) rmSync(p, { force: true });
}

/**
 * Checks against what the store already holds: versions cannot be slipped in before ones
 * already known. (Facts imported again are recognised by content at commit and not added.)
 */
async function checkHistory(
  ordered: readonly ImportRequest[],
  outcomes: readonly EntityOutcome[],
  knownFrom: string,
  db: Db,
  log: IssueLog,
  stored: ReadonlySet<EntityName>,
): Promise<void> {
  for (const [i, req] of ordered.entries()) {
    const files = outcomes[i]?.files ?? [];
    if (isVersioned(req.entity) && stored.has(req.entity.name)) {
      const latest = await db.one<{ t: string | null }>(
        `SELECT CAST(max(_known_from) AS VARCHAR) AS t FROM ${ident(tableName(req.entity))}`,
      );
      if (
        latest?.t &&
        new Date(`${latest.t.replace(" ", "T")}Z`).getTime() > new Date(knownFrom).getTime()
      ) {
        log.add({
          severity: "error",
          file: files[0]?.label ?? "",
          line: 0,
          column: 0,
          code: "known_from",
          message: `the store already holds ${req.entity.name} known from ${latest.t}, later than ${knownFrom}: import snapshots in time order`,
        });
      }
    }
  }
}
