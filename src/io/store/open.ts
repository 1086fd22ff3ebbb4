import { Store } from "./store.js";

/** The store file used when no `--db` is given. */
export const DEFAULT_STORE = "paydirt.duckdb";

/** An open store and how to close it (a `Store`; this name is kept for existing callers). */
export type OpenStore = Store;

/** Open an existing store for reading or writing (see `Store.open`). */
export function openStore(path: string, mode: "read" | "write"): Promise<Store> {
  return Store.open(path, mode);
}

/** Open an existing store for reading (see `Store.open`). */
export function openStoreForReading(path: string): Promise<Store> {
  return Store.open(path, "read");
}
