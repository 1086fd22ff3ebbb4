import {
  type DuckDBConnection,
  type DuckDBResultReader,
  DuckDBTypeId,
  type DuckDBValue,
} from "@duckdb/node-api";
import { checkAborted } from "../../core/run.js";
import { bindParams } from "./sql.js";

/**
 * Values of a statement: named (`$as_of` -> `{ as_of: "2026-06-30" }`, preferred) or positional
 * (`?`). Every SQL value goes through parameters; identifiers through `ident()` (test/sql-values
 * fails on a value quoted into the text).
 */
export type SqlParams = readonly DuckDBValue[] | Readonly<Record<string, DuckDBValue>>;

/** The values to bind: positional as given, or the named ones `sql` uses plus its `sqlValue`s. */
function bind(
  sql: string,
  params: SqlParams | undefined,
): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (Array.isArray(params)) return params.length > 0 ? (params as DuckDBValue[]) : undefined;
  if (!params && !sql.includes("$v_")) return undefined;
  const named = bindParams(sql, params as Readonly<Record<string, DuckDBValue>> | undefined);
  return Object.keys(named).length > 0 ? named : undefined;
}

/** A thin, typed wrapper over one DuckDB connection: the only way the rest of io talks SQL. */
export class Db {
  constructor(readonly connection: DuckDBConnection) {}

  /** Run statements, discarding results. */
  async run(sql: string, params?: SqlParams): Promise<void> {
    const values = bind(sql, params);
    if (values) await this.connection.run(sql, values);
    else await this.connection.run(sql);
  }

  /** Rows as plain JS objects (BIGINT as number when safe, DATE/TIMESTAMP as ISO text). */
  async all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    const values = bind(sql, params);
    const reader = values
      ? await this.connection.runAndReadAll(sql, values)
      : await this.connection.runAndReadAll(sql);
    const big = reader
      .columnTypes()
      .map((t, i) => (WIDE_INTEGERS.has(t.typeId) ? reader.columnNames()[i] : undefined))
      .filter((n): n is string => n !== undefined);
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    if (big.length > 0) {
      for (const row of rows) {
        for (const name of big) {
          const v = row[name];
          if (typeof v === "string") row[name] = Number(v);
        }
      }
    }
    return rows as T[];
  }

  /** The first row, or undefined. */
  async one<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Rows in chunks as DuckDB produces them (for results too big to hold), as plain JS objects
   * with the same conversions as `all`.
   */
  async *stream<T = Record<string, unknown>>(sql: string, params?: SqlParams): AsyncGenerator<T[]> {
    const values = bind(sql, params);
    const result = values
      ? await this.connection.stream(sql, values)
      : await this.connection.stream(sql);
    const names = result.columnNames();
    const big = result
      .columnTypes()
      .map((t, i) => (WIDE_INTEGERS.has(t.typeId) ? names[i] : undefined))
      .filter((n): n is string => n !== undefined);
    for await (const rows of result.yieldRowObjectJson()) {
      if (big.length > 0) {
        for (const row of rows as Record<string, unknown>[]) {
          for (const name of big) {
            const v = row[name];
            if (typeof v === "string") row[name] = Number(v);
          }
        }
      }
      yield rows as T[];
    }
  }

  /**
   * The whole result as DuckDB's reader (for column-wise reads into typed arrays), with
   * parameters bound as in `all`.
   */
  async read(sql: string, params?: SqlParams): Promise<DuckDBResultReader> {
    const values = bind(sql, params);
    return values
      ? await this.connection.runAndReadAll(sql, values)
      : await this.connection.runAndReadAll(sql);
  }

  /**
   * A result whose columns are all numeric, as one Float64Array per column (NULL as NaN), read
   * chunk by chunk: no JS value per cell (millions of rows; cast BIGINT and DATE in the SQL).
   */
  async numericColumns(sql: string, params?: SqlParams): Promise<Float64Array[]> {
    const values = bind(sql, params);
    const result = values
      ? await this.connection.stream(sql, values)
      : await this.connection.stream(sql);
    const k = result.columnCount;
    const parts: Float64Array[][] = Array.from({ length: k }, () => []);
    let total = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      for (let j = 0; j < k; j++) {
        const v = chunk.getColumnVector(j);
        const out = new Float64Array(n);
        for (let r = 0; r < n; r++) {
          const x = v.getItem(r);
          out[r] = x === null ? Number.NaN : Number(x);
        }
        parts[j]?.push(out);
      }
      total += n;
    }
    return parts.map((list) => {
      const all = new Float64Array(total);
      let at = 0;
      for (const p of list) {
        all.set(p, at);
        at += p.length;
      }
      return all;
    });
  }

  /** Stop the statement running on this connection (it fails with an interrupt error). */
  interrupt(): void {
    this.connection.interrupt();
  }

  /**
   * Runs `fn` so that aborting `signal` (a RunContext's) interrupts the statement running on this
   * connection; the rejection then is a PaydirtError "aborted".
   */
  async until<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    if (!signal) return fn();
    checkAborted({ signal });
    const stop = () => this.interrupt();
    signal.addEventListener("abort", stop, { once: true });
    try {
      return await fn();
    } catch (err) {
      checkAborted({ signal });
      throw err;
    } finally {
      signal.removeEventListener("abort", stop);
    }
  }

  /** Run `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.run("COMMIT");
      return out;
    } catch (err) {
      await this.run("ROLLBACK").catch(() => {});
      throw err;
    }
  }
}

/** JSON conversion gives 64/128-bit integers as text; they come back as numbers (counts, sums). */
const WIDE_INTEGERS = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);
