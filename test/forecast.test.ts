/**
 * No look-ahead through the store: a forecast as of T from a store that only ever held what was
 * known at T (deals as they then stood, changes and signals up to T) equals the forecast as of T
 * from the full store, by the as-of macros and by loading everything and cutting in the core.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesInFolder } from "../src/cli/commands/import.js";
import { forecast } from "../src/core/forecast/forecast.js";
import { dayOf } from "../src/core/forecast/types.js";
import { loadForecastInput } from "../src/io/forecast/load.js";
import { forecastFromStore } from "../src/io/forecast/run.js";
import { importData } from "../src/io/import/run.js";
import type { Db } from "../src/io/store/db.js";
import { Store } from "../src/io/store/store.js";
import { generateMarket } from "../src/synth/market.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-forecast-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = "2025-12-31";

const cell = (v: unknown) => {
  if (v === null || v === undefined) return "";
  const s = Array.isArray(v) ? v.join(";") : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function dump(db: Db, sql: string, file: string): Promise<number> {
  const rows = await db.all(sql, { t: T });
  const head = Object.keys(rows[0] ?? {});
  writeFileSync(
    file,
    `${[head.join(","), ...rows.map((r) => head.map((h) => cell(r[h])).join(","))].join("\n")}\n`,
  );
  return rows.length;
}

describe("forecast as of a date, through the store", () => {
  let full: Store;
  let cut: Store;
  beforeAll(async () => {
    const market = join(dir, "market");
    generateMarket({ accounts: 1500, reps: 12, seed: 3, asOf: "2026-06-30" }, market);
    const fullPath = join(dir, "full.duckdb");
    const a = await importData(filesInFolder(market), { storePath: fullPath });
    if (!a.ok) throw new Error(a.log.lines().join("\n"));
    full = await Store.open(fullPath, "read");
    // The store as it would have been at the end of T.
    const then = join(dir, "then");
    mkdirSync(then);
    for (const f of ["reps.csv", "accounts.csv", "products.csv", "quotas.csv"])
      copyFileSync(join(market, f), join(then, f));
    await dump(
      full.db,
      `SELECT opportunity_id, account_id, owner_id, name, type, stage, status, amount, created_date, close_date, product, lead_source
       FROM opportunities_as_of(CAST($t AS DATE))`,
      join(then, "opportunities.csv"),
    );
    await dump(
      full.db,
      `SELECT opportunity_id, changed_at, stage, status, amount, close_date, forecast_category FROM opportunity_history
       WHERE changed_at < CAST($t AS DATE) + INTERVAL 1 DAY`,
      join(then, "opportunity_history.csv"),
    );
    await dump(
      full.db,
      `SELECT account_id, occurred_at, kind, value, source, topic, contact_id, persona FROM signals_as_of(CAST($t AS DATE))`,
      join(then, "signals.csv"),
    );
    const cutPath = join(dir, "then.duckdb");
    const b = await importData(filesInFolder(then), { storePath: cutPath });
    if (!b.ok) throw new Error(b.log.lines().join("\n"));
    cut = await Store.open(cutPath, "read");
  }, 240_000);
  afterAll(() => {
    full?.close();
    cut?.close();
  });

  it("gives the same forecast from a store cut at T as from the full store", async () => {
    const options = { draws: 400, seed: 2 };
    const a = await forecastFromStore(full.db, T, options);
    const b = await forecastFromStore(cut.db, T, options);
    const everything = await loadForecastInput(full.db);
    const c = forecast(everything, dayOf(T), options);
    expect(a.result.scores.length).toBeGreaterThan(20);
    expect(b.result.rows).toEqual(a.result.rows);
    expect(c.rows).toEqual(a.result.rows);
    const p = (r: typeof c) => r.scores.map((s) => [s.deal.id, s.pWin]);
    expect(p(b.result)).toEqual(p(a.result));
    expect(p(c)).toEqual(p(a.result));
    // Some deals open at T closed since: the full store knows outcomes the forecast must not see.
    const later = everything.deals.filter(
      (d) => d.status !== "open" && (d.closeDate ?? 0) > dayOf(T) && d.created <= dayOf(T),
    );
    expect(later.length).toBeGreaterThan(10);
  }, 120_000);
});
