/**
 * One SQL surface for the operational store over two engines: embedded PGlite (default, no
 * server) and a PostgreSQL server through `pg` (several service processes share one state).
 * Same SQL, same `$1` parameters, same migrations.
 */
import { PaydirtError } from "../../core/errors.js";

/** Runs parameterised SQL. */
export interface Sql {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A statement and its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** The SQL surface inside a transaction. */
export interface Tx extends Sql {
  /**
   * Make `statement` the transaction's last one: run when `fn` has resolved, sent with COMMIT in
   * the same round trip (server), so row locks taken before are held one round trip less.
   */
  commitWith(statement: Statement): void;
}

/** A connection (pool) that can also run a function in one transaction. */
export interface OpsConnection extends Sql {
  readonly engine: "pglite" | "postgres";
  /**
   * Run `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * `first`: a statement sent with BEGIN in the same round trip (e.g. a lock); `fn` gets its rows.
   */
  transaction<T>(
    fn: (tx: Tx, firstRows: Record<string, unknown>[]) => Promise<T>,
    options?: { first?: string | Statement },
  ): Promise<T>;
  close(): Promise<void>;
}

/** A parameter as an SQL literal (strings escaped as `pg` does: E'' when they hold backslashes). */
function quoteParam(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot inline the number ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (Array.isArray(v)) return `ARRAY[${v.map(quoteParam).join(", ")}]`;
  const s = v instanceof Date ? v.toISOString() : typeof v === "string" ? v : JSON.stringify(v);
  // the simple query protocol ends its text at a NUL; PostgreSQL text cannot hold one either
  if (s.includes("\0"))
    throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: "22021",
    });
  const quoted = `'${s.replace(/'/g, "''")}'`;
  return s.includes("\\") ? ` E${quoted.replace(/\\/g, "\\\\")}` : quoted;
}

/**
 * `statement` with its `$n` parameters written in as literals: one text that the simple query
 * protocol can send together with other statements (BEGIN, COMMIT) in one round trip. Only for
 * this module's own SQL texts (a `$n` inside a string or dollar quote there would be replaced too);
 * each parameter must carry its cast in the text where its type matters, as with `$n`.
 */
export function inlineParams(statement: Statement): string {
  const params = statement.params ?? [];
  return statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i >= params.length) throw new Error(`no parameter $${n}`);
    return `(${quoteParam(params[i])})`;
  });
}

/** A transaction's `first` option as a statement. */
function statementOf(first: string | Statement | undefined): Statement | undefined {
  return typeof first === "string" ? { sql: first } : first;
}

/** A transaction's SQL surface over `query`, keeping the statement `commitWith` names for last. */
function recordingTx(query: Sql["query"]): { tx: Tx; last: () => Statement | undefined } {
  let last: Statement | undefined;
  return {
    tx: {
      query,
      commitWith(statement) {
        last = statement;
      },
    },
    last: () => last,
  };
}

/**
 * Where a freshly initialised PGlite data directory is kept as a tarball, keyed by the PGlite
 * build and the schema version: creating a database runs initdb inside WebAssembly (5-9 s of CPU,
 * 10-35 s on a busy machine); loading the tarball takes well under a second of CPU.
 */
async function templatePath(schemaVersion: number): Promise<string> {
  const { createHash } = await import("node:crypto");
  const { statSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const main = fileURLToPath(import.meta.resolve("@electric-sql/pglite"));
  const st = statSync(main);
  const key = createHash("sha256")
    .update(`${main}:${st.size}:${st.mtimeMs}:${schemaVersion}`)
    .digest("hex")
    .slice(0, 16);
  return join(tmpdir(), `paydirt-ops-pglite-${key}.tar`);
}

/**
 * Embedded PGlite in a data directory (or in memory when `dataDir` is undefined). A new database
 * starts from the cached template of an initialised, migrated one when there is one; call
 * `keepTemplate` once the schema is migrated to save it for the next new database.
 */
export async function openPglite(
  dataDir?: string,
  schemaVersion?: number,
): Promise<OpsConnection & { keepTemplate(): Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { existsSync, readFileSync, renameSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const fresh = !dataDir || !existsSync(join(dataDir, "PG_VERSION"));
  const template = schemaVersion !== undefined && fresh ? await templatePath(schemaVersion) : null;
  const tar = template && existsSync(template) ? readFileSync(template) : null;
  const options = tar ? { loadDataDir: new Blob([tar]) } : {};
  const db = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  return {
    async keepTemplate() {
      if (!template || tar) return;
      const dump = await db.dumpDataDir("none");
      const part = `${template}.${process.pid}.part`;
      writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
      renameSync(part, template); // atomic: a reader sees the whole tarball or none
    },
    engine: "pglite",
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<T>(sql, [...params])).rows;
    },
    async transaction<T>(
      fn: (tx: Tx, firstRows: Record<string, unknown>[]) => Promise<T>,
      options: { first?: string | Statement } = {},
    ) {
      return db.transaction(async (tx) => {
        const query = async <U>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<U>(sql, [...params])).rows;
        const first = statementOf(options.first);
        const rows = first ? await query<Record<string, unknown>>(first.sql, first.params) : [];
        const { tx: inner, last } = recordingTx(query);
        const out = await fn(inner, rows);
        const final = last();
        if (final) await query(final.sql, final.params);
        return out;
      });
    },
    async close() {
      await db.close();
    },
  };
}

/** SQLSTATE codes worth retrying a whole transaction for (deadlock, serialization failure). */
const RETRY = new Set(["40P01", "40001"]);
/** Connection-level failures: the server is down or unreachable. */
const DOWN = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

/** Whether an error means the database cannot be reached (answer 503, try again later). */
export function isUnavailable(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  if (code && DOWN.has(code)) return true;
  const msg = e instanceof Error ? e.message : "";
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    msg,
  );
}

/** The error to throw for a database that cannot be reached. */
export function unavailable(e: unknown): PaydirtError {
  return PaydirtError.of(
    "unavailable",
    "ops_store_unavailable",
    "the operational store cannot be reached; try again",
    { cause: e },
  );
}

/** A PostgreSQL server (connection pool of `max` clients). */
export async function openPostgres(url: string, max = 8): Promise<OpsConnection> {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
  });
  pool.on("error", () => {}); // idle clients losing the server: the next query reconnects
  const quiet = new WeakSet<object>();
  const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw isUnavailable(e) ? unavailable(e) : e;
    }
  };
  return {
    engine: "postgres",
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return wrap(async () => (await pool.query(sql, [...params])).rows as T[]);
    },
    async transaction<T>(
      fn: (tx: Tx, firstRows: Record<string, unknown>[]) => Promise<T>,
      options: { first?: string | Statement } = {},
    ) {
      const first = statementOf(options.first);
      // one round trip: the simple query protocol takes several statements in one text
      const begin = first ? `BEGIN; ${first.params ? inlineParams(first) : first.sql}` : "BEGIN";
      for (let attempt = 0; ; attempt++) {
        const client = await wrap(() => pool.connect());
        if (!quiet.has(client)) {
          quiet.add(client);
          client.on("error", () => {}); // a dropped connection fails the query in flight instead
        }
        let broken = false;
        try {
          const started = await client.query(begin);
          const rows = Array.isArray(started) ? (started[started.length - 1]?.rows ?? []) : [];
          const { tx, last } = recordingTx(
            async <U>(sql: string, params: readonly unknown[] = []) =>
              (await client.query(sql, [...params])).rows as U[],
          );
          const out = await fn(tx, rows);
          const final = last();
          await client.query(final ? `${inlineParams(final)}; COMMIT` : "COMMIT");
          return out;
        } catch (e) {
          try {
            await client.query("ROLLBACK");
          } catch {
            broken = true;
          }
          const code = (e as { code?: string }).code;
          if (code && RETRY.has(code) && attempt < 5) continue;
          if (isUnavailable(e)) {
            broken = true;
            throw unavailable(e);
          }
          throw e;
        } finally {
          client.release(broken);
        }
      }
    },
    async close() {
      await pool.end();
    },
  };
}
