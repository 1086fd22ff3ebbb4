/**
 * A commit cut short (the process killed while the store was being written) leaves the store
 * file many times larger than its content: DuckDB had written the new rows' blocks, and they are
 * free space once the transaction is lost. A marker file names the committing process; the next
 * import that finds the marker of a dead process copies the store into a fresh file (same
 * tables, views, macros and sequences) and puts it in place.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { Db } from "../store/db.js";
import { Store } from "../store/store.js";

const marker = (store: string) => `${store}.committing`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Note that this process is about to write the store. */
export function markCommit(store: string): void {
  writeFileSync(marker(store), String(process.pid));
}

/** The commit is over (committed or rolled back). */
export function unmarkCommit(store: string): void {
  rmSync(marker(store), { force: true });
}

/**
 * Compact the store when the last commit into it was cut short; returns whether it did. The
 * store's content is what it was before that commit (DuckDB never keeps half a transaction).
 */
export async function compactAfterCutCommit(store: string): Promise<boolean> {
  const m = marker(store);
  if (!existsSync(m)) return false;
  const pid = Number(readFileSync(m, "utf8").trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
  if (!existsSync(store)) {
    unmarkCommit(store);
    return false;
  }
  const fresh = `${store}.compact`;
  rmSync(fresh, { force: true });
  rmSync(`${fresh}.wal`, { force: true });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const db = new Db(connection);
  try {
    const cut = await Store.attach(db, store, "write", "cut");
    const copy = await Store.attach(db, fresh, "write", "fresh");
    try {
      await db.run("CHECKPOINT cut");
      await db.run("COPY FROM DATABASE cut TO fresh");
    } finally {
      await cut.detach();
      await copy.detach();
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  renameSync(fresh, store);
  rmSync(`${store}.wal`, { force: true });
  unmarkCommit(store);
  return true;
}
