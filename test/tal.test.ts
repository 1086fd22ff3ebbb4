import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spearman } from "../src/core/scoring/ml/metrics.js";
import { openStoreForReading } from "../src/io/store/open.js";
import { readTruePropensity } from "../src/synth/truth.js";
import { cli, cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-tal-"));
const market = join(dir, "market");
const db = join(dir, "store.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const s = await cli(
    "synth",
    "--accounts",
    "5000",
    "--reps",
    "16",
    "--seed",
    "11",
    "--out",
    market,
  );
  expect(s.code, s.err).toBe(0);
  const i = await cli("import", "all", market, "--db", db);
  expect(i.code, i.err).toBe(0);
}, 60_000);

function csv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const cols = (head ?? "").split(",");
  // The explanation is the last column and the only one that may hold commas.
  return lines.map((l) => {
    const cells = l.split(",");
    const row: Record<string, string> = {};
    cols.forEach((c, k) => {
      row[c] = k === cols.length - 1 ? cells.slice(k).join(",") : (cells[k] ?? "");
    });
    return row;
  });
}

describe("paydirt tal", () => {
  it("ranks, tiers and explains every account, and its fit follows the hidden profile", async () => {
    const out = join(dir, "tal.csv");
    const r = await cli("tal", "--db", db, "--out", out, "--top", "3");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/cross-validated AUC 0\.\d+ \[0\.\d+, 0\.\d+\]/);
    const rows = csv(out);
    expect(rows.length).toBe(5000);
    expect(rows.map((x) => Number(x.rank))).toEqual(rows.map((_, i) => i + 1));
    const count = (t: string) => rows.filter((x) => x.tier === t).length;
    expect([count("A"), count("B"), count("C"), count("D")]).toEqual([250, 750, 1500, 2500]);
    expect(rows.every((x) => (x.explanation ?? "").length > 20)).toBe(true);

    const truth = readTruePropensity(market);
    const fit = rows.map((x) => Number(x.fit));
    const rho = spearman(
      fit,
      rows.map((x) => truth.get(x.account_id ?? "") ?? 0),
    );
    expect(rho).toBeGreaterThan(0.7);

    // A-tier accounts won more per account in the year after the list was made than D-tier ones.
    const lift = (tier: string) => {
      const section = r.out.slice(r.out.indexOf("ICP execution"));
      const line = section.split("\n").find((l) => l.startsWith(`${tier} `));
      return Number(line?.trim().split(/\s+/).pop());
    };
    expect(r.out).toMatch(/ICP execution \d{4}-\d{2}-\d{2} \.\. \d{4}-\d{2}-\d{2}/);
    expect(lift("A")).toBeGreaterThan(lift("D"));
  }, 120_000);

  it("keeps the list in the store, one list per as-of date, replaced when built again", async () => {
    for (let k = 0; k < 2; k++) {
      const r = await cli("tal", "--db", db, "--save", "--top", "0", "--period", "0");
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/saved 5,000 rows as of 2026-06-30/);
    }
    const s = await openStoreForReading(db);
    try {
      const rows = await s.db.all<{ as_of: string; n: number; ranks: number; a: number }>(
        `SELECT CAST(as_of AS VARCHAR) AS as_of, count(*) AS n, count(DISTINCT rank) AS ranks,
                count(*) FILTER (WHERE tier = 'A') AS a FROM target_accounts GROUP BY as_of`,
      );
      expect(rows).toEqual([{ as_of: "2026-06-30", n: 5000, ranks: 5000, a: 250 }]);
    } finally {
      s.close();
    }
  }, 120_000);

  it("refuses tier shares that add up to more than everything", async () => {
    const r = await cli("tal", "--db", db, "--tiers", "0.5,0.4,0.3");
    expect(r.code).toBe(2);
    const e = await cliError("tal", "--db", db, "--tiers", "0.5,0.4,0.3");
    expect(e).toMatchObject({ kind: "usage", code: "invalid_option" });
    expect(e?.issues[0]?.ids?.option).toBe("tiers");
  });
});
