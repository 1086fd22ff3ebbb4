import { type DuckDBConnection, DuckDBTypeId, type DuckDBValue } from "@duckdb/node-api";

/** A thin, typed wrapper over one DuckDB connection: the only way the rest of io talks SQL. */
export class Db {
  constructor(readonly connection: DuckDBConnection) {}

  /** Run statements, discarding results. */
  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    if (params && params.length > 0) await this.connection.run(sql, params);
    else await this.connection.run(sql);
  }

  /** Rows as plain JS objects (BIGINT as number when safe, DATE/TIMESTAMP as ISO text). */
  async all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]> {
    const reader =
      params && params.length > 0
        ? await this.connection.runAndReadAll(sql, params)
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
  async one<T = Record<string, unknown>>(
    sql: string,
    params?: DuckDBValue[],
  ): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
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
