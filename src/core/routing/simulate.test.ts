import { describe, expect, it } from "vitest";
import { buildRules, parseRoutingConfig, type RepStatus } from "./rules/index.js";
import { type SimLead, simulate } from "./simulate.js";

describe("route simulate", () => {
  const parsed = parseRoutingConfig({
    version: 4,
    rules: [
      { kind: "round_robin", pool: "p" },
      { kind: "fallback", queue: "overflow" },
    ],
    pools: [
      { id: "p", members: [{ rep: "A", weight: 2 }, { rep: "B" }, { rep: "C" }], dailyCap: 10 },
    ],
  });
  if (!parsed.ok) throw new Error("config");
  const cfg = parsed.value;
  const reps = new Map<string, RepStatus>(["A", "B", "C"].map((id) => [id, { id, active: true }]));
  const leads = (n: number, day: string): SimLead[] =>
    Array.from({ length: n }, (_, i) => ({
      lead: { id: `${day}-${i}` },
      match: { accountId: null, confidence: 0 },
      account: null,
      standing: null,
      at: `${day}T12:00:00Z`,
    }));

  it("counts load, caps, fallback and fairness; caps reset the next day", () => {
    const r = simulate(
      [...leads(40, "2026-06-01"), ...leads(8, "2026-06-02")],
      buildRules(cfg),
      cfg.pools,
      reps,
      cfg.version,
    );
    expect(r.decisions.length).toBe(48);
    // day 1: 30 within caps (10 each), 10 overflow; day 2: 8 routed
    expect(r.perQueue.get("overflow")).toBe(10);
    expect(r.fallbackShare).toBeCloseTo(10 / 48, 12);
    expect(r.capsHit).toBeGreaterThan(0);
    expect([...r.perRep.values()].reduce((a, b) => a + b, 0)).toBe(38);
    for (const v of r.perRep.values()) expect(v).toBeLessThanOrEqual(10 + 8);
    expect(r.pools[0]?.turns).toBe(38);
  });

  it("an uncapped pool is fair within one turn of the weighted shares", () => {
    const open = { ...cfg, pools: cfg.pools.map((p) => ({ ...p, dailyCap: undefined })) };
    const r = simulate(leads(101, "2026-06-03"), buildRules(open), open.pools, reps, open.version);
    expect(r.pools[0]?.maxDeviation).toBeLessThanOrEqual(1);
    expect(r.pools[0]?.jain).toBeGreaterThan(0.99);
    expect(r.fallbackShare).toBe(0);
  });

  it("caps reset at midnight in the rule set's time zone", () => {
    // 10 leads at 23:00 and 10 at 01:00 New York time: one UTC day, two New York days
    const at = (n: number, iso: string): SimLead[] =>
      leads(n, iso.slice(0, 10)).map((l, i) => ({ ...l, lead: { id: `${iso}-${i}` }, at: iso }));
    const one = { ...cfg, pools: cfg.pools.map((p) => ({ ...p, dailyCap: 3 })) };
    const run = (tz?: string) =>
      simulate(
        [...at(10, "2026-06-02T03:00:00Z"), ...at(10, "2026-06-02T05:00:00Z")],
        buildRules(one),
        one.pools,
        reps,
        one.version,
        tz,
      );
    expect(run().perQueue.get("overflow")).toBe(20 - 9);
    expect(run("America/New_York").perQueue.get("overflow")).toBe(20 - 18);
  });
});
