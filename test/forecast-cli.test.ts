import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-forecast-cli-"));
const market = join(dir, "market");
const db = join(dir, "store.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const s = await cli(
    "synth",
    "--accounts",
    "2000",
    "--reps",
    "16",
    "--seed",
    "7",
    "--out",
    market,
  );
  expect(s.code, s.err).toBe(0);
  const i = await cli("import", "all", market, "--db", db);
  expect(i.code, i.err).toBe(0);
}, 180_000);

describe("forecast commands", () => {
  it("writes one JSON row per group and period with ordered quantiles that include won to date", async () => {
    const json = join(dir, "f.json");
    const fan = join(dir, "fan.svg");
    const r = await cli(
      "forecast",
      "--db",
      db,
      "--as-of",
      "2026-05-15",
      "--by",
      "team",
      "--draws",
      "500",
      "--json",
      json,
      "--fan",
      fan,
    );
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(readFileSync(json, "utf8")) as Record<string, unknown>[];
    const company = rows.filter((x) => x.by === "company");
    expect(company.map((x) => x.period)).toEqual(["2026-Q2", "2026-Q3"]);
    for (const x of rows) {
      expect(Object.keys(x)).toEqual(
        expect.arrayContaining(["by", "key", "won_to_date", "p10", "p50", "p90"]),
      );
      const [wtd, p10, p50, p90] = [x.won_to_date, x.p10, x.p50, x.p90] as number[];
      expect(p10).toBeGreaterThanOrEqual(wtd as number);
      expect(p50).toBeGreaterThanOrEqual(p10 as number);
      expect(p90).toBeGreaterThanOrEqual(p50 as number);
    }
    // Reps add up to the company: won to date and the expected parts.
    const sum = (by: string, k: string) =>
      rows
        .filter((x) => x.by === by && x.period === "2026-Q2")
        .reduce((s, x) => s + (x[k] as number), 0);
    for (const k of ["won_to_date", "open_expected", "new_expected"])
      expect(sum("rep", k)).toBeCloseTo(sum("company", k), 3);
    expect(readFileSync(fan, "utf8")).toContain("<svg");
  }, 120_000);

  it("lists deals, shows one with its path, and reports coverage and a portfolio", async () => {
    const d = await cli("deals", "--db", db, "--as-of", "2026-05-15", "--limit", "3");
    expect(d.code, d.err).toBe(0);
    const id = /\b(O\d{8})\b/.exec(d.out)?.[1];
    expect(id).toBeDefined();
    const svg = join(dir, "deal.svg");
    const s = await cli(
      "deal",
      "show",
      id as string,
      "--db",
      db,
      "--as-of",
      "2026-05-15",
      "--svg",
      svg,
    );
    expect(s.code, s.err).toBe(0);
    expect(existsSync(svg)).toBe(true);
    const c = await cli("coverage", "--db", db, "--as-of", "2026-05-15");
    expect(c.code, c.err).toBe(0);
    expect(c.out).toContain("quota left");
    const rep = /\b(R\d{4})\b/.exec(d.out)?.[1] as string;
    const p = await cli("portfolio", rep, "--db", db, "--as-of", "2026-05-15", "--limit", "5");
    expect(p.code, p.err).toBe(0);
    expect(p.out).toContain(`Portfolio of ${rep}`);
  }, 120_000);

  it("rejects a bad period, an unknown level and an unknown deal as usage errors", async () => {
    expect((await cliError("forecast", "--db", db, "--period", "2026-Q5"))?.kind).toBe("usage");
    expect((await cliError("forecast", "--db", db, "--by", "galaxy"))?.kind).toBe("usage");
    expect((await cliError("deal", "show", "NOPE", "--db", db))?.kind).toBe("usage");
  }, 120_000);
});
