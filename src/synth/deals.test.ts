import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvText } from "../io/csv/reader.js";
import { generateMarket } from "./market.js";
import { STAGES } from "./profile.js";

type Row = Record<string, string>;
const root = mkdtempSync(join(tmpdir(), "paydirt-deals-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function table(file: string): Row[] {
  const { header, rows } = parseCsvText(readFileSync(join(root, file), "utf8"));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])));
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

describe("synthetic deal truth", () => {
  let opps: Row[];
  let hist: Map<string, Row[]>;
  let truth: Map<string, Row>;
  beforeAll(() => {
    generateMarket({ accounts: 4000, reps: 24, seed: 5, asOf: "2026-06-30" }, root);
    opps = table("opportunities.csv");
    hist = new Map();
    for (const h of table("opportunity_history.csv")) {
      const list = hist.get(h.opportunity_id ?? "") ?? [];
      list.push(h);
      hist.set(h.opportunity_id ?? "", list);
    }
    truth = new Map(table("truth_deals.csv").map((t) => [t.opportunity_id ?? "", t]));
  });

  it("moves stages forward, ends closed deals with their outcome, shows open deals as last recorded", () => {
    const order = new Map<string, number>(STAGES.map((s, i) => [s, i]));
    for (const o of opps) {
      const rows = hist.get(o.opportunity_id ?? "") ?? [];
      const open = rows.filter((h) => h.status === "open");
      for (let k = 1; k < open.length; k++)
        expect(order.get(open[k]?.stage ?? "") ?? -1).toBeGreaterThanOrEqual(
          order.get(open[k - 1]?.stage ?? "") ?? 99,
        );
      const last = rows[rows.length - 1] as Row;
      const t = truth.get(o.opportunity_id ?? "") as Row;
      if (o.status === "open") {
        expect([last.stage, last.close_date, last.amount]).toEqual([
          o.stage,
          o.close_date,
          o.amount,
        ]);
        expect(t.closed_by_as_of).toBe("false");
      } else {
        expect(t.outcome).toBe(o.status);
        expect(last.forecast_category).toBe(o.status === "won" ? "closed" : "omitted");
      }
    }
  });

  it("pushes lost deals' close dates more, and reps' categories rank outcomes despite their bias", () => {
    const pushes = { won: [] as number[], lost: [] as number[] };
    const byCategory = new Map<string, number[]>();
    for (const o of opps) {
      if (o.status === "open") continue;
      const rows = (hist.get(o.opportunity_id ?? "") ?? []).filter((h) => h.status === "open");
      let n = 0;
      for (let k = 1; k < rows.length; k++)
        if (
          (rows[k]?.close_date ?? "") > (rows[k - 1]?.close_date ?? "") &&
          rows[k]?.stage === rows[k - 1]?.stage
        )
          n++;
      pushes[o.status as "won" | "lost"].push(n);
      const cat = rows[rows.length - 1]?.forecast_category ?? "";
      byCategory.set(cat, [...(byCategory.get(cat) ?? []), o.status === "won" ? 1 : 0]);
    }
    expect(mean(pushes.lost)).toBeGreaterThan(mean(pushes.won));
    const rate = (c: string) => mean(byCategory.get(c) ?? []);
    expect(rate("commit")).toBeGreaterThan(rate("best_case"));
    expect(rate("best_case")).toBeGreaterThan(rate("pipeline"));
    expect(rate("commit")).toBeLessThan(1); // optimists commit deals they lose
  });

  it("ramps trial usage for won deals and lets lost ones stall or fade", () => {
    const usage = new Map<string, { day: string; v: number }[]>();
    for (const s of table("signals.csv")) {
      if (s.kind !== "product_usage" || s.topic !== "active_users") continue;
      const list = usage.get(s.account_id ?? "") ?? [];
      list.push({ day: (s.occurred_at ?? "").slice(0, 10), v: Number(s.value) });
      usage.set(s.account_id ?? "", list);
    }
    const last = { won: [] as number[], lost: [] as number[] };
    const shapes = new Set<string>();
    for (const o of opps) {
      const t = truth.get(o.opportunity_id ?? "") as Row;
      if (o.status === "open" || t.trial === "none") continue;
      shapes.add(`${o.status}:${t.trial}`);
      const close = o.close_date ?? "";
      const from = new Date(Date.parse(close) - 10 * 86_400_000).toISOString().slice(0, 10);
      const v = (usage.get(o.account_id ?? "") ?? []).filter(
        (u) => u.day >= from && u.day <= close,
      );
      last[o.status as "won" | "lost"].push(mean(v.map((u) => u.v)) * v.length);
    }
    expect([...shapes].sort()).toEqual(["lost:fade", "lost:stall", "won:ramp"]);
    expect(mean(last.won)).toBeGreaterThan(3 * mean(last.lost));
  });

  it("sets a quota per AE and quarter, in proportion to the annual quota, adding up to 110% of a year's wins", () => {
    const reps = new Map(table("reps.csv").map((r) => [r.rep_id ?? "", r]));
    const byRep = new Map<string, Row[]>();
    for (const q of table("quotas.csv"))
      byRep.set(q.rep_id ?? "", [...(byRep.get(q.rep_id ?? "") ?? []), q]);
    const aes = [...reps.values()].filter((r) => r.role === "AE");
    expect(byRep.size).toBe(aes.length);
    const ratios: number[] = [];
    for (const [id, rows] of byRep) {
      for (let k = 1; k < rows.length; k++) {
        const prevEnd = Date.parse(rows[k - 1]?.period_end ?? "");
        expect(Date.parse(rows[k]?.period_start ?? "") - prevEnd).toBe(86_400_000);
      }
      const year = rows.filter((q) => (q.period_start ?? "").startsWith("2025"));
      expect(year).toHaveLength(4);
      const sum = year.reduce((s, q) => s + Number(q.amount), 0);
      ratios.push(sum / Number(reps.get(id)?.annual_quota));
    }
    const lo = Math.min(...ratios);
    const hi = Math.max(...ratios);
    expect((hi - lo) / lo).toBeLessThan(0.02);
    const year = "2025-07-01";
    const won = opps
      .filter(
        (o) =>
          o.status === "won" && (o.close_date ?? "") > year && (o.close_date ?? "") <= "2026-06-30",
      )
      .reduce((s, o) => s + Number(o.amount), 0);
    const quota = [...byRep.values()]
      .flat()
      .filter((q) => (q.period_start ?? "") >= year && (q.period_start ?? "") < "2026-07-01")
      .reduce((s, q) => s + Number(q.amount), 0);
    expect(quota / won).toBeGreaterThan(1.0);
    expect(quota / won).toBeLessThan(1.2);
  });
});
