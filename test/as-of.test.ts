import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** --as-of dates outside the data: a note, never a silent answer. */
const dir = mkdtempSync(join(tmpdir(), "paydirt-asof-"));
const db = join(dir, "m.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const market = join(dir, "market");
  expect(
    (await cli("synth", "--accounts", "400", "--reps", "6", "--seed", "5", "--out", market)).code,
  ).toBe(0);
  expect((await cli("import", "all", market, "--db", db)).code).toBe(0);
}, 120_000);

describe("--as-of outside the data", () => {
  it("icp notes a date after the latest data", async () => {
    const r = await cli("icp", "--db", db, "--as-of", "2150-01-01");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note: 2150-01-01 is after the latest data \(\d{4}-\d{2}-\d{2}\)/);
  }, 60_000);

  it("icp notes a date before the earliest data", async () => {
    const r = await cli("icp", "--db", db, "--as-of", "1950-01-01");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note: 1950-01-01 is before the earliest data \(\d{4}-\d{2}-\d{2}\)/);
  }, 60_000);

  it("a date within the data has no such note", async () => {
    const r = await cli("icp", "--db", db, "--as-of", "2026-01-01");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/latest data|earliest data/);
  }, 60_000);
});
