import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { Db } from "./db.js";
import { SCHEMA_VERSION } from "./migrations.js";

/** The store file used when no `--db` is given. */
export const DEFAULT_STORE = "paydirt.duckdb";

/** An open store and how to close it. */
export interface OpenStore {
  readonly db: Db;
  close(): void;
}

/**
 * Open an existing store for reading, or for writing derived tables (target account lists,
 * plans). Stores are created and migrated by imports only, so a missing file or an older schema
 * gets a clear error instead of an empty answer.
 */
export async function openStore(path: string, mode: "read" | "write"): Promise<OpenStore> {
  if (!existsSync(path)) {
    throw new Error(`no store at ${path}: import data first (paydirt import ... --db ${path})`);
  }
  const instance = await DuckDBInstance.create(
    path,
    mode === "read" ? { access_mode: "READ_ONLY" } : {},
  );
  const connection = await instance.connect();
  const db = new Db(connection);
  const v = await db
    .one<{ v: number }>("SELECT max(version) AS v FROM schema_migrations")
    .catch(() => undefined);
  if ((v?.v ?? 0) < SCHEMA_VERSION) {
    connection.closeSync();
    instance.closeSync();
    throw new Error(
      `${path} has schema version ${v?.v ?? 0}; this paydirt needs ${SCHEMA_VERSION}: run any import to migrate it`,
    );
  }
  return {
    db,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Open an existing store for reading (see openStore). */
export function openStoreForReading(path: string): Promise<OpenStore> {
  return openStore(path, "read");
}
