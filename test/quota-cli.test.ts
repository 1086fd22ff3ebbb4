import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvText } from "../src/io/csv/reader.js";
import { cli, cliError, synthesiseAndImport } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-quota-"));
const market = join(dir, "market");
const db = join(dir, "store.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await synthesiseAndImport(market, db, { accounts: 4000, reps: 24, seed: 5 });
  const t = await cli("tal", "--db", db, "--save", "--as-of", "2024-12-31", "--period", "0");
  expect(t.code, t.err).toBe(0);
}, 180_000);

interface QuotaJson {
  target: number;
  p_attain: number;
  rows: {
    rep_id: string;
    team: string;
    region: string;
    quota: number;
    p_attain: number;
    expected_bookings: number;
  }[];
  levels: { level: string; id: string; top_down: number }[];
  backtest: { potential: { sd: number }; headcount: { sd: number } };
}

describe("paydirt quota on the synthetic market", () => {
  it("sets equally attainable quotas summing to the target, and beats a headcount split in the backtest", async () => {
    const json = join(dir, "q.json");
    const out = join(dir, "q.csv");
    const r = await cli(
      "quota",
      "--db",
      db,
      "--as-of",
      "2024-12-31",
      "--period",
      "2025",
      "--target",
      "4000000",
      "--backtest",
      "--json",
      json,
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    const q = JSON.parse(readFileSync(json, "utf8")) as QuotaJson;
    expect(q.target).toBe(4_000_000);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(q.rows.map((x) => x.quota))).toBeCloseTo(4_000_000, 4);
    for (const l of q.levels.filter((l) => l.level === "region"))
      expect(sum(q.rows.filter((x) => x.region === l.id).map((x) => x.quota))).toBeCloseTo(
        l.top_down,
        4,
      );
    for (const l of q.levels.filter((l) => l.level === "team"))
      expect(sum(q.rows.filter((x) => x.team === l.id).map((x) => x.quota))).toBeCloseTo(
        l.top_down,
        4,
      );
    const ps = q.rows.map((x) => x.p_attain);
    expect(Math.max(...ps) - Math.min(...ps)).toBeLessThanOrEqual(0.02);
    expect(q.backtest.potential.sd).toBeLessThan(q.backtest.headcount.sd);
    const [head, ...lines] = readFileSync(out, "utf8").trim().split("\n");
    expect(head).toBe("rep_id,team,region,quota,expected_bookings,p_attain,ramp");
    expect(lines).toHaveLength(q.rows.length);
  }, 120_000);

  it("names a bad target or period, and needs a scored list", async () => {
    // A target that is not a number: the coded error, and neither export is written.
    const json = join(dir, "bad-target.json");
    const csv = join(dir, "bad-target.csv");
    expect(
      (await cliError("quota", "--db", db, "--target", "abc", "--json", json, "--out", csv))
        ?.issues[0],
    ).toMatchObject({
      code: "invalid_option",
      ids: { option: "target" },
    });
    expect(existsSync(json) || existsSync(csv)).toBe(false);
    expect((await cliError("quota", "--db", db, "--target", "-5"))?.kind).toBe("usage");
    expect((await cliError("quota", "--db", db, "--period", "2025-Q5"))?.code).toBe(
      "quota_period_invalid",
    );
    expect((await cliError("quota", "--db", db, "--as-of", "2020-01-01"))?.code).toBe(
      "quota_no_potential",
    );
  }, 60_000);
});

describe("quota backtest without look-ahead", () => {
  const dir2 = mkdtempSync(join(tmpdir(), "paydirt-quota-asof-"));
  const market2 = join(dir2, "market");
  const db2 = join(dir2, "store.duckdb");
  afterAll(() => rmSync(dir2, { recursive: true, force: true }));

  const quota = async (asOf: string, name: string) => {
    const json = join(dir2, `${name}.json`);
    const r = await cli(
      "quota",
      "--db",
      db2,
      "--as-of",
      asOf,
      "--period",
      "2025",
      "--target",
      "2000000",
      "--backtest",
      "--json",
      json,
    );
    expect(r.code, r.err).toBe(0);
    return {
      out: r.out,
      json: JSON.parse(readFileSync(json, "utf8")) as QuotaJson & { backtest: { owners: string } },
    };
  };

  it("books are the owners known at the origin: a later reassignment changes nothing as of then", async () => {
    expect(
      (await cli("synth", "--accounts", "1500", "--reps", "12", "--seed", "8", "--out", market2))
        .code,
    ).toBe(0);
    const first = await cli("import", "all", market2, "--db", db2, "--as-of", "2024-06-30");
    expect(first.code, first.err).toBe(0);
    const t = await cli("tal", "--db", db2, "--save", "--as-of", "2024-12-31", "--period", "0");
    expect(t.code, t.err).toBe(0);
    const before = await quota("2024-12-31", "before");
    expect(before.json.backtest.owners).toBe("as_of");
    expect(before.out).not.toMatch(/today's owners/);

    // A year later every AE's accounts went to the next AE (a reorganisation after the origin).
    const csv = parseCsvText(readFileSync(join(market2, "accounts.csv"), "utf8"));
    const col = csv.header.indexOf("owner_id");
    const aes = before.json.rows.map((r) => r.rep_id).sort();
    const next = new Map(aes.map((id, i) => [id, aes[(i + 1) % aes.length] ?? id]));
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = [csv.header.map(quote).join(",")];
    for (const r of csv.rows) {
      const f = [...r.fields];
      f[col] = next.get(f[col] ?? "") ?? f[col] ?? "";
      lines.push(f.map((v) => quote(v ?? "")).join(","));
    }
    const moved = join(dir2, "accounts-2025.csv");
    writeFileSync(moved, `${lines.join("\n")}\n`);
    const second = await cli("import", "accounts", moved, "--db", db2, "--as-of", "2025-03-31");
    expect(second.code, second.err).toBe(0);

    const again = await quota("2024-12-31", "again");
    expect(again.json.rows).toEqual(before.json.rows);
    expect(again.json.backtest).toEqual(before.json.backtest);
    // Control: as of after the reorganisation, the books (and expected bookings) are the new ones.
    const after = await quota("2025-04-30", "after");
    const exp = (q: typeof before, id: string) =>
      q.json.rows.find((r) => r.rep_id === id)?.expected_bookings ?? Number.NaN;
    const changed = aes.filter((id) => Math.abs(exp(after, id) - exp(before, id)) > 1e-6);
    expect(changed.length).toBeGreaterThan(0);
  }, 240_000);
});
