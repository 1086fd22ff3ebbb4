/**
 * The analytics store as the server uses it: one READ_ONLY DuckDB instance kept open for the
 * reads of every request (so other processes can still read the file, e.g. `paydirt plan show`),
 * and short exclusive write sessions (saving a scenario): a write waits for the reads in flight,
 * closes the read instance, opens the file for writing, and the next read reopens it.
 */
import type { Db } from "../io/store/db.js";
import { Store } from "../io/store/store.js";

export class StoreHandle {
  private reader: Store | undefined;
  private opening: Promise<Store> | undefined;
  private readers = 0;
  /** The write in progress (reads wait for it) and the one queued after it. */
  private writing: Promise<unknown> = Promise.resolve();
  private drained: (() => void) | undefined;

  constructor(readonly path: string) {}

  private async readStore(): Promise<Store> {
    if (this.reader) return this.reader;
    this.opening ??= Store.open(this.path, "read").then(
      (s) => {
        this.reader = s;
        this.opening = undefined;
        return s;
      },
      (err: unknown) => {
        this.opening = undefined;
        throw err;
      },
    );
    return this.opening;
  }

  /** Run `fn` with a read connection (shares the instance with other reads). */
  async read<T>(fn: (db: Db, store: Store) => Promise<T>): Promise<T> {
    await this.writing;
    this.readers++;
    try {
      const store = await this.readStore();
      return await fn(store.db, store);
    } finally {
      this.readers--;
      if (this.readers === 0) this.drained?.();
    }
  }

  /** Run `fn` alone with the store open for writing (migrations applied). */
  async write<T>(fn: (db: Db, store: Store) => Promise<T>): Promise<T> {
    const run = this.writing.then(async () => {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      if (this.opening) await this.opening.catch(() => undefined);
      this.reader?.close();
      this.reader = undefined;
      const store = await Store.open(this.path, "write");
      try {
        return await fn(store.db, store);
      } finally {
        store.close();
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Close the read instance (server shutdown). */
  async close(): Promise<void> {
    await this.writing;
    this.reader?.close();
    this.reader = undefined;
  }
}
