import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvText } from "../io/csv/reader.js";
import { loadCounties } from "./geo.js";
import { generateMarket, type MarketOptions } from "./market.js";

const base: MarketOptions = { accounts: 3000, reps: 24, seed: 11, asOf: "2026-06-30" };
const root = mkdtempSync(join(tmpdir(), "paydirt-synth-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Table = Record<string, string>[];
function table(dir: string, file: string): Table {
  const { header, rows, problems } = parseCsvText(readFileSync(join(dir, file), "utf8"));
  if (problems.length) throw new Error(`${file}: ${problems[0]?.message}`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])));
}
const digest = (dir: string, file: string) =>
  createHash("sha256")
    .update(readFileSync(join(dir, file)))
    .digest("hex");
const FILES = [
  "reps.csv",
  "accounts.csv",
  "opportunities.csv",
  "opportunity_history.csv",
  "signals.csv",
  "revenue.csv",
  "truth_accounts.csv",
];

describe("synthetic market", () => {
  let dir: string;
  let t: Record<string, Table>;
  beforeAll(() => {
    dir = join(root, "a");
    generateMarket(base, dir);
    t = Object.fromEntries(FILES.map((f) => [f, table(dir, f)]));
  });
  const get = (f: string) => t[f] as Table;

  it("is reproducible from its seed", () => {
    const again = join(root, "b");
    const other = join(root, "c");
    generateMarket(base, again);
    generateMarket({ ...base, seed: 12 }, other);
    for (const f of FILES) expect(digest(again, f), f).toBe(digest(dir, f));
    expect(digest(other, "accounts.csv")).not.toBe(digest(dir, "accounts.csv"));
  });

  it("keeps every reference resolvable", () => {
    const accounts = new Set(get("accounts.csv").map((a) => a.account_id));
    const reps = new Set(get("reps.csv").map((r) => r.rep_id));
    const opps = new Set(get("opportunities.csv").map((o) => o.opportunity_id));
    expect(accounts.size).toBe(base.accounts);
    for (const a of get("accounts.csv")) {
      if (a.owner_id) expect(reps.has(a.owner_id)).toBe(true);
      if (a.parent_account_id) expect(accounts.has(a.parent_account_id)).toBe(true);
    }
    for (const r of get("reps.csv")) if (r.manager_id) expect(reps.has(r.manager_id)).toBe(true);
    for (const o of get("opportunities.csv")) {
      expect(accounts.has(o.account_id ?? "")).toBe(true);
      expect(reps.has(o.owner_id ?? "")).toBe(true);
    }
    for (const h of get("opportunity_history.csv"))
      expect(opps.has(h.opportunity_id ?? "")).toBe(true);
    for (const s of get("signals.csv")) expect(accounts.has(s.account_id ?? "")).toBe(true);
  });

  it("has heavy-tailed company sizes", () => {
    const e = get("accounts.csv")
      .map((a) => Number(a.employees))
      .sort((x, y) => y - x);
    const total = e.reduce((s, x) => s + x, 0);
    const top1 = e.slice(0, Math.ceil(e.length / 100)).reduce((s, x) => s + x, 0);
    expect(top1 / total).toBeGreaterThan(0.25);
    expect(e[Math.floor(e.length / 2)]).toBeLessThan(100);
  });

  it("places accounts where people live", () => {
    const pop = new Map<string, number>();
    for (const c of loadCounties()) pop.set(c.state, (pop.get(c.state) ?? 0) + c.population);
    const count = new Map<string, number>();
    for (const a of get("accounts.csv"))
      count.set(a.state ?? "", (count.get(a.state ?? "") ?? 0) + 1);
    const states = [...pop.keys()];
    const xs = states.map((s) => pop.get(s) ?? 0);
    const ys = states.map((s) => count.get(s) ?? 0);
    expect(pearson(xs, ys)).toBeGreaterThan(0.9);
  });

  it("makes ideal-profile accounts and skilled reps win more often", () => {
    const truth = new Map(get("truth_accounts.csv").map((a) => [a.account_id, a]));
    const industry = new Map(get("accounts.csv").map((a) => [a.account_id, a.industry]));
    const skills = new Map(
      get("reps.csv").map((r) => [r.rep_id, new Set((r.skills ?? "").split(";"))]),
    );
    const rate = (pred: (o: Record<string, string>) => boolean) => {
      const closed = get("opportunities.csv").filter(
        (o) => o.type === "new" && o.status !== "open" && pred(o),
      );
      return closed.filter((o) => o.status === "won").length / Math.max(1, closed.length);
    };
    const icp = (o: Record<string, string>) => truth.get(o.account_id ?? "")?.is_icp === "true";
    expect(rate(icp)).toBeGreaterThan(rate((o) => !icp(o)) + 0.15);
    const match = (o: Record<string, string>) =>
      skills.get(o.owner_id ?? "")?.has(industry.get(o.account_id ?? "") ?? "") ?? false;
    expect(rate(match)).toBeGreaterThan(rate((o) => !match(o)) + 0.05);
  });

  it("raises intent in the weeks before opportunities open", () => {
    const DAY = 86_400_000;
    const intent = new Map<string, number[]>();
    for (const s of get("signals.csv")) {
      if (s.kind !== "intent") continue;
      const list = intent.get(s.account_id ?? "") ?? [];
      list.push(Date.parse(s.occurred_at ?? "") / DAY);
      intent.set(s.account_id ?? "", list);
    }
    let before = 0;
    let baseline = 0;
    for (const o of get("opportunities.csv")) {
      if (o.type !== "new") continue;
      const created = Date.parse(o.created_date ?? "") / DAY;
      for (const d of intent.get(o.account_id ?? "") ?? []) {
        if (d >= created - 42 && d < created) before++;
        if (d >= created - 42 - 180 && d < created - 180) baseline++;
      }
    }
    expect(before).toBeGreaterThan(2 * baseline);
  });

  it("writes stage histories consistent with outcomes, and no revenue after churn", () => {
    const hist = new Map<string, Record<string, string>[]>();
    for (const h of get("opportunity_history.csv")) {
      const list = hist.get(h.opportunity_id ?? "") ?? [];
      list.push(h);
      hist.set(h.opportunity_id ?? "", list);
    }
    for (const o of get("opportunities.csv")) {
      const rows = hist.get(o.opportunity_id ?? "") ?? [];
      expect(rows.length).toBeGreaterThan(0);
      const last = rows[rows.length - 1];
      expect(last?.status).toBe(o.status);
      for (let k = 1; k < rows.length; k++)
        expect((rows[k]?.changed_at ?? "") >= (rows[k - 1]?.changed_at ?? "")).toBe(true);
      if (o.status !== "open") expect(last?.changed_at?.slice(0, 10)).toBe(o.close_date);
      expect((rows[0]?.changed_at ?? "").slice(0, 10)).toBe(o.created_date);
    }
    const churned = get("truth_accounts.csv").filter(
      (a) =>
        a.churned_on &&
        !get("opportunities.csv").some(
          (o) =>
            o.account_id === a.account_id &&
            o.type === "new" &&
            o.status === "won" &&
            (o.close_date ?? "") > (a.churned_on ?? ""),
        ),
    );
    expect(churned.length).toBeGreaterThan(0);
    const revenue = get("revenue.csv");
    for (const a of churned) {
      const after = revenue.filter(
        (r) => r.account_id === a.account_id && (r.month ?? "") >= (a.churned_on ?? "").slice(0, 7),
      );
      expect(after.length).toBeLessThanOrEqual(1); // the churn month itself may still bill
    }
  });
});

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
