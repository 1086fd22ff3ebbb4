import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { listScenarios, loadScenario } from "../src/io/plan/scenarios.js";
import { Db } from "../src/io/store/db.js";
import { migrate, SCHEMA_VERSION } from "../src/io/store/migrations.js";
import { Store } from "../src/io/store/store.js";
import { cli, cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store file made by the migrations alone; `upTo` 1 gives the layout of stores made before v2. */
async function makeStore(name: string, upTo = SCHEMA_VERSION): Promise<string> {
  const path = join(dir, name);
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const db = new Db(connection);
  await migrate(db);
  if (upTo < 3) await db.run("DROP TABLE plan_assignments; DROP TABLE plan_scenarios");
  if (upTo < 2) await db.run("DROP TABLE target_accounts");
  await db.run("DELETE FROM schema_migrations WHERE version > $v", { v: upTo });
  await db.run("CHECKPOINT");
  connection.closeSync();
  instance.closeSync();
  return path;
}

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

async function tables(store: Store): Promise<string[]> {
  return (
    await store.db.all<{ t: string }>(
      "SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1",
    )
  ).map((r) => r.t);
}

describe("store", () => {
  it("imports attach a store file through the store object: one holder per file in a process", async () => {
    const path = await makeStore("attached.duckdb");
    const scratch = await DuckDBInstance.create(":memory:");
    const db = new Db(await scratch.connect());
    try {
      const open = await Store.open(path, "read");
      // A file open as a Store is not attached a second time (a second DuckDB instance on it).
      await expect(Store.attach(db, path, "read")).rejects.toMatchObject({ code: "store_busy" });
      open.close();
      const attached = await Store.attach(db, path, "read");
      expect(await db.one("SELECT max(version) AS n FROM store.schema_migrations")).toEqual({
        n: SCHEMA_VERSION,
      });
      await expect(Store.open(path, "read")).rejects.toMatchObject({ code: "store_busy" });
      await attached.detach();
      (await Store.open(path, "read")).close();
    } finally {
      db.connection.closeSync();
      scratch.closeSync();
    }
  });

  it("every table comes from the migrations", async () => {
    const store = await Store.open(await makeStore("full.duckdb"), "read");
    try {
      expect(store.version).toBe(SCHEMA_VERSION);
      expect(await tables(store)).toEqual(
        expect.arrayContaining([
          "target_accounts",
          "plan_scenarios",
          "plan_assignments",
          "imports",
        ]),
      );
    } finally {
      store.close();
    }
  });

  it("opens one instance per file per process, closed with its last user", async () => {
    const path = await makeStore("shared.duckdb");
    const a = await Store.open(path, "write");
    const b = await Store.open(join(dir, ".", "shared.duckdb"), "read");
    expect(Store.openFiles()).toBe(1);
    await a.db.run("CREATE TABLE t (x INTEGER)");
    expect(await b.hasTable("t")).toBe(true);
    a.close();
    expect(Store.openFiles()).toBe(1);
    b.close();
    expect(Store.openFiles()).toBe(0);
  });

  it("read-only opens cannot write, and a write open waits for them to close", async () => {
    const path = await makeStore("ro.duckdb");
    const r = await Store.open(path, "read");
    try {
      await expect(r.db.run("CREATE TABLE t (x INTEGER)")).rejects.toThrow(/read-only/i);
      await expect(Store.open(path, "write")).rejects.toMatchObject({
        kind: "conflict",
        code: "store_busy",
      });
    } finally {
      r.close();
    }
  });

  it("a missing store is an error with a code, and is not created", async () => {
    const path = join(dir, "missing.duckdb");
    await expect(Store.open(path, "read")).rejects.toMatchObject({
      kind: "unavailable",
      code: "store_missing",
    });
    const r = await cli("plan", "list", "--db", path);
    expect(r.code).toBe(1);
    expect(() => readFileSync(path)).toThrow();
  });

  it("reading plans of a store from before the plan tables changes nothing", async () => {
    const path = await makeStore("v1.duckdb", 1);
    const before = sha(path);
    const store = await Store.open(path, "read");
    try {
      expect(await listScenarios(store.db)).toEqual([]);
      await expect(loadScenario(store.db, "nope")).rejects.toMatchObject({
        kind: "not_found",
        code: "scenario_not_found",
      });
    } finally {
      store.close();
    }
    for (const sub of ["show", "export"]) {
      const out = sub === "export" ? ["--csv", join(dir, "x.csv")] : [];
      const r = await cli("plan", sub, "nope", "--db", path, ...out);
      expect(r.code).toBe(1);
      expect(await cliError("plan", sub, "nope", "--db", path, ...out)).toMatchObject({
        kind: "not_found",
        code: "scenario_not_found",
        issues: [expect.objectContaining({ ids: { scenario: "nope" } })],
      });
    }
    expect((await cli("plan", "compare", "a", "b", "--db", path)).code).toBe(1);
    expect((await cli("plan", "list", "--db", path)).code).toBe(0);
    expect(sha(path)).toBe(before);
    const after = await Store.open(path, "read");
    try {
      expect(await after.hasTable("plan_scenarios")).toBe(false);
    } finally {
      after.close();
    }
  });

  it("a write open migrates an older store", async () => {
    const path = await makeStore("old.duckdb", 1);
    const w = await Store.open(path, "write");
    try {
      expect(w.version).toBe(SCHEMA_VERSION);
      expect(await w.hasTable("plan_scenarios")).toBe(true);
      expect(await w.hasTable("target_accounts")).toBe(true);
    } finally {
      w.close();
    }
  });

  it("an aborted run context interrupts a long query", async () => {
    const store = await Store.open(await makeStore("interrupt.duckdb"), "read");
    try {
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 200);
      const started = Date.now();
      await expect(
        store.db.until(stop.signal, () =>
          store.db.one("SELECT count(*) AS n FROM range(1000000000000) a(x) WHERE x % 7 = 3"),
        ),
      ).rejects.toMatchObject({ kind: "unavailable", code: "aborted" });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await store.db.one("SELECT 1 AS one")).toEqual({ one: 1 });
    } finally {
      store.close();
    }
  });

  it("streams rows in chunks with the same conversions", async () => {
    const store = await Store.open(await makeStore("stream.duckdb"), "read");
    try {
      let n = 0;
      let sum = 0;
      for await (const rows of store.db.stream<{ i: number }>("SELECT i FROM range($n) t(i)", {
        n: 5000,
      })) {
        n += rows.length;
        for (const r of rows) sum += r.i;
      }
      expect(n).toBe(5000);
      expect(sum).toBe((4999 * 5000) / 2);
    } finally {
      store.close();
    }
  });
});
