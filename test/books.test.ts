import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshDays, replayPolicy } from "../src/core/books/backtest.js";
import { DEFAULT_BOOK_CONFIG, parseBookConfig } from "../src/core/books/config.js";
import { dayOf } from "../src/core/books/days.js";
import { dynamicBooks, POLICIES } from "../src/core/books/policy.js";
import { loadBookHistory } from "../src/io/books/history.js";
import { refreshStoredBooks } from "../src/io/books/refresh.js";
import { Store } from "../src/io/store/store.js";
import { cutMarket } from "./books-cut.js";
import { cli, synthesiseAndImport } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-books-"));
const market = join(dir, "market");
const db = join(dir, "full.duckdb");
const T = "2026-03-31";
const cut = join(dir, "cut");
const cutDb = join(dir, "cut.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await synthesiseAndImport(market, db, { accounts: 3000, reps: 16, seed: 5 });
  cutMarket(market, cut, T);
  const j = await cli("import", "all", cut, "--db", cutDb);
  expect(j.code, j.err).toBe(0);
}, 180_000);

async function states(path: string, asOf: string): Promise<string[]> {
  const store = await Store.open(path, "read");
  try {
    return (
      await store.db.all<Record<string, unknown>>(
        `SELECT account_id, stage, ae_id, bdr_id, CAST(since AS VARCHAR) AS since, reason, CAST(cool_until AS VARCHAR) AS cool
         FROM books_as_of(CAST($t AS DATE)) ORDER BY account_id`,
        { t: asOf },
      )
    ).map((r) => Object.values(r).join("|"));
  } finally {
    store.close();
  }
}

async function tableCounts(path: string): Promise<string> {
  const store = await Store.open(path, "read");
  try {
    const r = await store.db.one(
      "SELECT (SELECT count(*) FROM book_refreshes) AS r, (SELECT count(*) FROM book_states) AS s, (SELECT count(*) FROM book_changes) AS c",
    );
    return JSON.stringify(r);
  } finally {
    store.close();
  }
}

describe("paydirt books", () => {
  it("refreshes, shows, lists changes and exports; books as of a date can be asked later", async () => {
    const a = await cli("books", "refresh", "--db", db, "--as-of", "2026-03-24");
    expect(a.code, a.err).toBe(0);
    const b = await cli("books", "refresh", "--db", db, "--as-of", T);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/from the books of 2026-03-24/);
    const first = await states(db, "2026-03-24");
    const second = await states(db, T);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual(await states(db, "2026-03-30"));
    expect(second).not.toEqual(first);
    const core = second.find((s) => s.split("|")[1] === "core")?.split("|")[2];
    expect(core).toBeTruthy();
    const show = await cli("books", "show", core ?? "", "--db", db);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/core tier \(\d+\)/);
    const ch = await cli("books", "changes", "--db", db, "--since", "2026-03-24");
    expect(ch.code, ch.err).toBe(0);
    expect(ch.out).toMatch(/moves into or out of books/);
    const file = join(dir, "books.csv");
    const ex = await cli("books", "export", "--csv", file, "--db", db);
    expect(ex.code, ex.err).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toBe("account_id,owner_id,tier,stage,reason,since");
    expect(lines.length - 1).toBe(second.length);
    expect(lines.some((l) => l.split(",")[2] === "core")).toBe(true);
  }, 120_000);

  it("rejects bad input with coded errors and leaves the store unchanged", async () => {
    const before = await tableCounts(db);
    const store = await Store.open(db, "write");
    try {
      const run = (asOf: string, raw: unknown) =>
        refreshStoredBooks(store.db, {
          asOf,
          config: (() => {
            const r = parseBookConfig(raw);
            if (!r.ok) throw new Error(JSON.stringify(r.issues));
            return r.value;
          })(),
          policy: dynamicBooks,
          peers: ["industry"],
        });
      await expect(run("2019-01-01", {})).rejects.toMatchObject({ code: "books_date_before_data" });
      await expect(
        run("2026-04-07", { coreSize: 40, capacities: { R0009: 20 } }),
      ).rejects.toMatchObject({
        code: "books_capacity_below_core",
      });
      await expect(run("2026-04-07", { capacities: { NOBODY: 20 } })).rejects.toMatchObject({
        code: "books_unknown_rep",
      });
      await expect(run("2026-03-01", {})).rejects.toMatchObject({ code: "books_refresh_order" });
    } finally {
      store.close();
    }
    const neg = parseBookConfig({ staleDays: -3, coreBonus: { customer: null } });
    expect(neg.ok).toBe(false);
    if (!neg.ok) {
      expect(neg.issues.map((i) => [i.code, i.path?.json?.join(".")])).toEqual([
        ["config_invalid", "staleDays"],
        ["config_invalid", "coreBonus.customer"],
      ]);
    }
    const cfg = join(dir, "bad.json");
    writeFileSync(cfg, JSON.stringify({ holdoverDays: -1 }));
    const r = await cli("books", "refresh", "--db", db, "--config", cfg);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holdoverDays/);
    const u = await cli("books", "show", "R9999", "--db", db);
    expect(u.code).toBe(1);
    expect(await tableCounts(db)).toBe(before);
  }, 120_000);

  it("builds the same books as of T from a store cut at T as from the full store (no look-ahead)", async () => {
    const r = await cli("books", "refresh", "--db", cutDb, "--as-of", T);
    expect(r.code, r.err).toBe(0);
    const full = join(dir, "full2.duckdb");
    rmSync(full, { force: true });
    const i = await cli("import", "all", market, "--db", full);
    expect(i.code, i.err).toBe(0);
    const f = await cli("books", "refresh", "--db", full, "--as-of", T);
    expect(f.code, f.err).toBe(0);
    const fromCut = await states(cutDb, T);
    expect(fromCut.length).toBeGreaterThan(100);
    expect(await states(full, T)).toEqual(fromCut);
  }, 180_000);

  it("replays backtest steps up to T identically from the cut store and the full store", async () => {
    const from = "2026-02-03";
    const days = refreshDays(dayOf(from), dayOf(T), 7);
    const steps = async (path: string, upTo: string) => {
      const store = await Store.open(path, "read");
      try {
        const { history } = await loadBookHistory(store.db, {
          upTo,
          valuesAsOf: from,
          peers: ["industry", "size_band"],
          config: DEFAULT_BOOK_CONFIG,
        });
        const out: string[][] = [];
        for (const p of POLICIES)
          for (const s of replayPolicy(history, days, DEFAULT_BOOK_CONFIG, p))
            out.push(
              [...s.result.state.accounts.entries()]
                .map(
                  ([id, x]) =>
                    `${p.name}|${s.day}|${id}|${x.stage}|${x.ae}|${x.bdr}|${x.coolUntil}`,
                )
                .sort(),
            );
        return out;
      } finally {
        store.close();
      }
    };
    const cutSteps = await steps(cutDb, T);
    expect(cutSteps.flat().length).toBeGreaterThan(1000);
    expect(await steps(db, "2026-06-30")).toEqual(cutSteps);
  }, 180_000);

  it("backtests the policies at equal capacity and writes the JSON table", async () => {
    const json = join(dir, "bt.json");
    const r = await cli(
      "books",
      "backtest",
      "--db",
      db,
      "--from",
      "2025-10-01",
      "--to",
      "2026-03-31",
      "--truth",
      market,
      "--json",
      json,
    );
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(readFileSync(json, "utf8")) as {
      policies: {
        name: string;
        worked_share_opportunities: number;
        rotations_per_ae_month: number;
        episodes_worked_share: number;
      }[];
    };
    expect(out.policies.map((p) => p.name)).toEqual(["static", "dynamic", "in_market_only"]);
    const [st, dyn] = out.policies;
    expect(st?.rotations_per_ae_month).toBe(0);
    expect(dyn?.rotations_per_ae_month).toBeGreaterThan(0);
    expect(dyn?.episodes_worked_share).toBeGreaterThan(st?.episodes_worked_share ?? 1);
    const bad = await cli(
      "books",
      "backtest",
      "--db",
      db,
      "--from",
      "2026-03-01",
      "--to",
      "2026-01-01",
    );
    expect(bad.code).toBe(2);
  }, 180_000);
});
