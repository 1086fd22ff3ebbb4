import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { whitespaceTable } from "../src/core/analytics/whitespace.js";
import { intentTable } from "../src/core/scoring/intent/intent.js";
import { DEFAULT_INTENT_OPTIONS } from "../src/core/scoring/intent/options.js";
import { dimensionSql } from "../src/io/analytics/dimensions.js";
import { loadAccountFacts } from "../src/io/analytics/facts.js";
import { computeIcp } from "../src/io/analytics/icp.js";
import { loadIntentInput } from "../src/io/analytics/signals.js";
import { openStoreForReading } from "../src/io/store/open.js";
import { readTruePropensity } from "../src/synth/truth.js";
import { cli, cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-analytics-"));
const market = join(dir, "market");
const db = join(dir, "store.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ground truth of the synthetic market: propensity per account, episode windows. */
function truth() {
  const propensity = readTruePropensity(market);
  const episodes = readFileSync(join(market, "truth_episodes.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .map(([account, start, end]) => ({
      account: account ?? "",
      start: start ?? "",
      end: end ?? "",
    }));
  return { propensity, episodes };
}

beforeAll(async () => {
  const s = await cli(
    "synth",
    "--accounts",
    "6000",
    "--reps",
    "16",
    "--seed",
    "3",
    "--out",
    market,
  );
  expect(s.code).toBe(0);
  const i = await cli("import", "all", market, "--db", db, "--as-of", "2023-01-01");
  expect(i.code).toBe(0);
});

describe("customer analytics on a synthetic market", () => {
  it("paydirt icp prints tiers and writes every segment as CSV", async () => {
    const out = join(dir, "icp.csv");
    const accounts = join(dir, "accounts.csv");
    const r = await cli(
      "icp",
      "--db",
      db,
      "--dims",
      "industry,size_band",
      "--top",
      "5",
      "--out",
      out,
      "--accounts-out",
      accounts,
      "--learn-weights",
      "90",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Tiers at level 2/);
    expect(r.out).toMatch(/segment\s+tier\s+P\(>avg\)/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^segment,level,industry,size_band,tier,rank/);
    expect(lines.length).toBeGreaterThan(30);
    const acc = readFileSync(accounts, "utf8").trim().split("\n");
    expect(acc[0]).toMatch(/^account_id,segment,tier,current_arr,potential_arr,whitespace/);
    expect(acc.length).toBe(6001);
    expect(r.out).toMatch(/wrote 6,000 accounts .* in market/);
    expect(r.out).toMatch(/Signal weights learnt from \d+ of 6,000 accounts/);
    expect(r.out).toMatch(/marketing_lead\s+\d\.\d{3}/);
  });

  it("counts only what had happened by the as-of date", async () => {
    const asOf = "2025-03-31";
    const from = "2023-03-31"; // 24 months before
    const csv = readFileSync(join(market, "opportunities.csv"), "utf8").trim().split("\n");
    const head = (csv[0] ?? "").split(",");
    const col = (name: string) => head.indexOf(name);
    let won = 0;
    let lost = 0;
    for (const line of csv.slice(1)) {
      const c = line.split(",");
      const close = c[col("close_date")] ?? "";
      const status = c[col("status")];
      if (c[col("type")] !== "new" || close > asOf || close <= from) continue;
      if (status === "won") won++;
      if (status === "lost") lost++;
    }
    const store = await openStoreForReading(db);
    try {
      const r = await computeIcp(store.db, { asOf, dimensions: ["industry"], windowMonths: 24 });
      const root = r.table.segments.find((x) => x.level === 0);
      expect(won).toBeGreaterThan(50);
      expect(root?.won).toBe(won);
      expect(root?.lost).toBe(lost);
    } finally {
      store.close();
    }
  });

  it("segments by a technographic tag as a two-valued dimension", async () => {
    const store = await openStoreForReading(db);
    try {
      const r = await computeIcp(store.db, {
        dimensions: ["tag:snowflake", "size_band"],
        windowMonths: 24,
      });
      const top = r.table.segments.filter((x) => x.level === 1);
      expect(top.map((x) => x.key).sort()).toEqual(["no snowflake", "snowflake"]);
      expect(top.reduce((a, x) => a + x.accounts, 0)).toBe(6000);
      const rate = (k: string) => top.find((x) => x.key === k)?.winRate.mean ?? 0;
      // The hidden profile favours data-stack users.
      expect(rate("snowflake")).toBeGreaterThan(rate("no snowflake"));
    } finally {
      store.close();
    }
  });

  it("rejects an unknown dimension with a clear message", async () => {
    const r = await cli("icp", "--db", db, "--dims", "industry,colour");
    expect(r.code).toBe(2);
    expect(await cliError("icp", "--db", db, "--dims", "industry,colour")).toMatchObject({
      kind: "usage",
      code: "unknown_dimension",
    });
  });

  it("ranks truly better segments higher: tier A accounts have a higher true propensity than D", async () => {
    const store = await openStoreForReading(db);
    try {
      const r = await computeIcp(store.db, {
        asOf: "2026-06-30",
        dimensions: ["industry", "size_band"],
        windowMonths: 24,
      });
      expect(r.accountSource).toBe("known_at");
      const { propensity } = truth();
      const sql = [];
      for (const d of ["industry", "size_band"]) {
        const x = await dimensionSql(store.db, d);
        if (x.ok) sql.push(x.sql);
      }
      const facts = await loadAccountFacts(store.db, {
        asOf: "2026-06-30",
        dimensionSql: sql,
        windowMonths: 24,
      });
      const rows = whitespaceTable(facts.facts, r.table);
      const mean = (tier: string) => {
        const xs = rows.filter((x) => x.tier === tier).map((x) => propensity.get(x.accountId) ?? 0);
        return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      };
      expect(rows.some((x) => x.tier === "A")).toBe(true);
      expect(rows.some((x) => x.tier === "D")).toBe(true);
      expect(mean("A")).toBeGreaterThan(mean("D") + 0.1);
      // Customers have whitespace figures; prospects do not.
      expect(rows.some((x) => x.whitespace !== null && x.whitespace > 0)).toBe(true);
    } finally {
      store.close();
    }
  });

  it("shrunk segment win rates are closer to the true propensity than raw ones", async () => {
    const store = await openStoreForReading(db);
    const dims = ["industry", "size_band", "region"];
    try {
      const r = await computeIcp(store.db, {
        asOf: "2026-06-30",
        dimensions: dims,
        windowMonths: 24,
      });
      const { propensity } = truth();
      const sums = new Map<string, { n: number; p: number }>();
      for (const f of r.facts) {
        const key = f.dims.join(" | ");
        const s = sums.get(key) ?? { n: 0, p: 0 };
        s.n++;
        s.p += propensity.get(f.accountId) ?? 0;
        sums.set(key, s);
      }
      let shrunk = 0;
      let raw = 0;
      let weight = 0;
      for (const seg of r.table.segments.filter((x) => x.level === dims.length)) {
        const t = sums.get(seg.key);
        if (!t || seg.winRate.observed === null) continue;
        const truthRate = t.p / t.n;
        shrunk += t.n * (seg.winRate.mean - truthRate) ** 2;
        raw += t.n * (seg.winRate.observed - truthRate) ** 2;
        weight += t.n;
      }
      // Deals go more often to likelier buyers, so neither matches exactly; shrinkage must help.
      expect(weight).toBeGreaterThan(1000);
      expect(Math.sqrt(shrunk / weight)).toBeLessThan(0.85 * Math.sqrt(raw / weight));
    } finally {
      store.close();
    }
  });

  it("flags in-market accounts that mostly had a true buying episode, with start dates near it", async () => {
    const asOf = "2026-03-31";
    const store = await openStoreForReading(db);
    let rows: ReturnType<typeof intentTable>;
    try {
      const x = await dimensionSql(store.db, "size_band");
      const input = await loadIntentInput(store.db, {
        asOf,
        peerSql: x.ok ? [x.sql] : [],
        leadKinds: ["marketing_lead"],
        options: DEFAULT_INTENT_OPTIONS,
      });
      rows = intentTable(input);
    } finally {
      store.close();
    }
    const { episodes } = truth();
    const window = 7 * DEFAULT_INTENT_OPTIONS.maxSurgeWeeks * 86_400_000;
    const recent = new Map<string, string>();
    for (const e of episodes) {
      const started = Date.parse(asOf) - Date.parse(e.start);
      if (e.start <= asOf && (e.end >= asOf || started <= window)) recent.set(e.account, e.start);
    }
    const flagged = rows.filter((r) => r.inMarket);
    expect(flagged.length).toBeGreaterThan(20);
    const hits = flagged.filter((r) => recent.has(r.accountId));
    expect(hits.length / flagged.length).toBeGreaterThan(0.5);
    const errors = hits
      .map(
        (r) =>
          Math.abs(Date.parse(r.surgeStart ?? asOf) - Date.parse(recent.get(r.accountId) ?? asOf)) /
          86_400_000,
      )
      .sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(14);
  });
});
