import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("paydirt", () => {
  it("runs the demo end to end on a small market", async () => {
    const db = join(dir, "demo.duckdb");
    const r = await cli(
      "demo",
      "--accounts",
      "1500",
      "--reps",
      "12",
      "--db",
      db,
      "--out",
      join(dir, "market"),
      "--plan-seconds",
      "2",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/accounts\s+1500 rows/);
    expect(r.out).toMatch(/size band\s+accounts\s+customers\s+ARR/);
    expect(r.out).toMatch(/region/);
    expect(r.out).toMatch(/target account list as of 2026-06-30: 1,500 accounts/);
    expect(r.out).toMatch(/^ {4}1 {2}A\d+ {2}A /m);
    expect(r.out).toMatch(/saved 1,500 rows as of 2026-06-30/);
    expect(r.out).toMatch(/scenario demo stored in/);
    expect(r.out).toMatch(/potential: worst deviation\s+\d/);
    const status = await cli("status", "--db", db);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/accounts\s+1,500/);
  });

  it("exits non-zero with file:line:column messages and leaves the store untouched", async () => {
    const db = join(dir, "demo.duckdb");
    const before = createHash("sha256").update(readFileSync(db)).digest("hex");
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "Id,Name,NumberOfEmployees\nX1,Acme,12\nX2,Beta,lots\n");
    const r = await cli("import", "accounts", bad, "--db", db);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:3:3: employees: "lots" is not a number`);
    expect(r.err).toMatch(/import failed: 1 error\(s\)/);
    expect(createHash("sha256").update(readFileSync(db)).digest("hex")).toBe(before);
  });

  it("explains usage mistakes", async () => {
    const widgets = await cli("import", "widgets", "x.csv");
    expect(widgets.code).toBe(2);
    expect(widgets.err).toMatch(/ENTITY: must be all or one of reps, accounts.*\(got "widgets"\)/);
    expect((await cli("nope")).code).toBe(2);
    expect((await cli("status", "--db", join(dir, "none.duckdb"))).code).not.toBe(0);
    expect(existsSync(join(dir, "none.duckdb"))).toBe(false);
  });
});
