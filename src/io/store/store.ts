/**
 * The store object: owns the DuckDB instance of one store file, once per file per process.
 *
 * Usage:
 * - `const store = await Store.open(path, "read")` for commands that only read (the file is
 *   opened READ_ONLY, so other processes may read it at the same time); `"write"` for commands
 *   that change it (also brings the schema up to date through the numbered migrations).
 * - Use `store.db` (named parameters: `store.db.all("... WHERE as_of = $as_of", { as_of })`),
 *   `store.hasTable(name)`, `store.connect()` for a second connection, `store.interrupt()`.
 * - `store.close()` when done. Opening the same file again in the same process shares the
 *   instance (DuckDB's instance cache); the instance closes with its last user.
 * - Imports work in a scratch database and attach the store file to it through
 *   `Store.attach(db, path, mode)` (read-only while checking, for writing to commit). The file is
 *   then held like an open store: `Store.open` of it in the same process is refused meanwhile
 *   (store_busy), and so is attaching a file open as a Store, since two DuckDB instances on one
 *   file in one process would corrupt it.
 */
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { PaydirtError } from "../../core/errors.js";
import { Db } from "./db.js";
import { ident, literal } from "./ddl.js";
import { migrate, SCHEMA_VERSION } from "./migrations.js";

/** How a store is opened. */
export type StoreMode = "read" | "write";

interface Shared {
  readonly instance: DuckDBInstance;
  readonly mode: StoreMode;
  users: number;
}

const OPEN = new Map<string, Shared>();
/** Store files attached to a scratch database in this process (imports), by key. */
const ATTACHED = new Set<string>();

/** A store file attached to another database (see `Store.attach`). */
export interface AttachedStore {
  /** The name it is attached under. */
  readonly alias: string;
  readonly mode: StoreMode;
  /** Detach it from the database and release the file. */
  detach(): Promise<void>;
  /** Release the file without detaching (the database is being closed anyway). */
  release(): void;
}

function busy(path: string, message: string): PaydirtError {
  return PaydirtError.of("conflict", "store_busy", message, { path: { file: path } });
}

function key(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** An open store file. */
export class Store {
  private closed = false;

  private constructor(
    /** The file as given. */
    readonly path: string,
    /** The mode asked for (a read store may share a write instance opened by another user). */
    readonly mode: StoreMode,
    /** Schema version of the file (the latest after a write open). */
    readonly version: number,
    readonly db: Db,
    private readonly release: () => void,
  ) {}

  /**
   * Opens an existing store. Stores are created by imports, so a missing file is an error
   * ("unavailable", code store_missing) rather than an empty answer; so is a store older than
   * the entity tables (version 0). A write open migrates the schema first.
   */
  static async open(path: string, mode: StoreMode): Promise<Store> {
    if (!existsSync(path)) {
      throw PaydirtError.of(
        "unavailable",
        "store_missing",
        `no store at ${path}: import data first (paydirt import ... --db ${path})`,
        { path: { file: path } },
      );
    }
    const k = key(path);
    if (ATTACHED.has(k)) throw busy(path, `${path} is being imported into in this process`);
    let shared = OPEN.get(k);
    if (shared && mode === "write" && shared.mode === "read") {
      throw PaydirtError.of(
        "conflict",
        "store_busy",
        `${path} is open read-only in this process; close it before opening it for writing`,
        { path: { file: path } },
      );
    }
    if (!shared) {
      const instance = await DuckDBInstance.fromCache(
        k,
        mode === "read" ? { access_mode: "READ_ONLY" } : {},
      ).catch((cause: unknown) => {
        throw new PaydirtError(
          "unavailable",
          [
            {
              code: "store_busy",
              severity: "error",
              message: `cannot open ${path}: ${(cause as Error).message.split("\n")[0]}`,
              path: { file: path },
            },
          ],
          { cause },
        );
      });
      shared = { instance, mode, users: 0 };
      OPEN.set(k, shared);
    }
    shared.users++;
    const entry = shared;
    const connection = await entry.instance.connect();
    const release = () => {
      connection.closeSync();
      entry.users--;
      if (entry.users === 0) {
        OPEN.delete(k);
        entry.instance.closeSync();
      }
    };
    try {
      const db = new Db(connection);
      if (mode === "write") await db.transaction(() => migrate(db));
      const v =
        (
          await db
            .one<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations")
            .catch(() => undefined)
        )?.v ?? 0;
      if (v < 1 || v > SCHEMA_VERSION) {
        throw PaydirtError.of(
          "unavailable",
          "store_version",
          v < 1
            ? `${path} is not a paydirt store (no schema version): import data first`
            : `${path} has schema version ${v}; this paydirt knows up to ${SCHEMA_VERSION}: upgrade paydirt`,
          { path: { file: path }, data: { version: v, known: SCHEMA_VERSION } },
        );
      }
      return new Store(path, mode, v, db, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  /**
   * Attaches the store file at `path` (created when absent and `mode` is "write") to `db`, a
   * scratch database of the caller's, as `alias`: read-only, or for writing. ATTACH takes no
   * parameters, so the path is quoted here, the one place that does it.
   */
  static async attach(
    db: Db,
    path: string,
    mode: StoreMode,
    alias = "store",
  ): Promise<AttachedStore> {
    const k = key(path);
    if (OPEN.has(k)) throw busy(path, `${path} is open in this process; close it first`);
    if (ATTACHED.has(k)) throw busy(path, `${path} is already attached in this process`);
    await db.run(
      `ATTACH ${literal(path)} AS ${ident(alias)}${mode === "read" ? " (READ_ONLY)" : ""}`,
    );
    ATTACHED.add(k);
    let held = true;
    const release = () => {
      if (held) ATTACHED.delete(k);
      held = false;
    };
    return {
      alias,
      mode,
      release,
      async detach() {
        if (!held) return;
        try {
          await db.run(`DETACH ${ident(alias)}`);
        } finally {
          release();
        }
      },
    };
  }

  /** Whether the store has a table (or view) called `name`; read commands on stores migrated
   * before a table existed treat it as empty. */
  async hasTable(name: string): Promise<boolean> {
    const r = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary
         UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT temporary
       ) WHERE name = $name`,
      { name },
    );
    return (r?.n ?? 0) > 0;
  }

  /** Another connection on the same instance (for work in parallel with `db`). */
  async connect(): Promise<Db> {
    const shared = OPEN.get(key(this.path));
    if (!shared || this.closed) throw new Error(`store ${this.path} is closed`);
    return new Db(await shared.instance.connect());
  }

  /** Stops the statement running on `db`. */
  interrupt(): void {
    this.db.interrupt();
  }

  /** Releases this user of the file; the instance closes with its last user. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  /** How many store files this process has open (for tests). */
  static openFiles(): number {
    return OPEN.size;
  }
}
