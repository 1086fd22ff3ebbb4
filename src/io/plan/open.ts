import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { Db } from "../store/db.js";
import type { OpenStore } from "../store/open.js";

/** Open an existing store for reading and writing scenario tables (imports create stores). */
export async function openStoreForPlanning(path: string): Promise<OpenStore> {
  if (!existsSync(path)) {
    throw new Error(`no store at ${path}: import data first (paydirt import ... --db ${path})`);
  }
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  return {
    db: new Db(connection),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
