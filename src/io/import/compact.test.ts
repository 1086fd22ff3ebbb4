import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { entityByName } from "../../core/model/index.js";
import { openStoreForReading } from "../store/open.js";
import { importData } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-compact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a commit cut short", () => {
  it("is followed by a compaction at the next import: the store shrinks back, its rows intact", async () => {
    const store = join(dir, "store.duckdb");
    const accounts = entityByName("accounts");
    if (!accounts) throw new Error("accounts");
    const file = join(dir, "a.csv");
    writeFileSync(file, "account_id,name\nA1,Acme\n");
    expect((await importData([{ entity: accounts, files: [file] }], { storePath: store })).ok).toBe(
      true,
    );
    const small = statSync(store).size;
    // A process that marks a commit, writes many rows in a transaction and is killed (-9).
    const script = join(dir, "cut.mjs");
    const duck = new URL("../../../node_modules/@duckdb/node-api/lib/index.js", import.meta.url)
      .pathname;
    writeFileSync(
      script,
      `import { DuckDBInstance } from ${JSON.stringify(duck)};
       import { writeFileSync } from "node:fs";
       writeFileSync(${JSON.stringify(`${store}.committing`)}, String(process.pid));
       const i = await DuckDBInstance.create(${JSON.stringify(store)});
       const c = await i.connect();
       await c.run("BEGIN TRANSACTION");
       await c.run("CREATE TABLE bulk AS SELECT range AS a, md5(range::VARCHAR) AS b FROM range(3000000)");
       await c.run("CHECKPOINT").catch(() => {});
       console.log("ready");
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const bloated = statSync(store).size;
    expect(bloated).toBeGreaterThan(small * 4);
    writeFileSync(file, "account_id,name\nA2,Beta\n");
    const r = await importData([{ entity: accounts, files: [file] }], { storePath: store });
    expect(r.ok, r.log.lines().join("\n")).toBe(true);
    expect(statSync(store).size).toBeLessThan(bloated / 2);
    expect(existsSync(`${store}.committing`)).toBe(false);
    const s = await openStoreForReading(store);
    const rows = await s.db.all("SELECT account_id, _import_id FROM accounts ORDER BY 1");
    s.close();
    expect(rows).toEqual([
      { account_id: "A1", _import_id: 1 },
      { account_id: "A2", _import_id: 2 },
    ]);
  });
});
