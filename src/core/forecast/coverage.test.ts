import { describe, expect, it } from "vitest";
import { seeded } from "../random.js";
import { coverage, type TargetAccount } from "./coverage.js";
import { forecast } from "./forecast.js";
import type { DealEvent, DealRecord, ForecastInput } from "./types.js";

const STAGES = ["Discovery", "Qualified", "Proposal"];

/** Deals that move through three stages; reps with quotas; a target list over the accounts. */
function market(seed: number): ForecastInput {
  const rng = seeded(seed);
  const deals: DealRecord[] = [];
  for (let i = 0; i < 3000; i++) {
    const created = Math.floor(rng.next() * 700);
    const life = 10 + Math.floor(rng.next() * 90);
    const won = rng.next() < 0.4;
    const amount = 1000 * (1 + Math.floor(rng.next() * 30));
    const events: DealEvent[] = STAGES.map((stage, k) => ({
      day: created + Math.floor((k * life) / 4),
      stage,
      status: "open",
      amount,
      closeDate: created + life,
      category: null,
    }));
    events.push({
      day: created + life,
      stage: won ? "Won" : "Lost",
      status: won ? "won" : "lost",
      amount,
      closeDate: created + life,
      category: null,
    });
    deals.push({
      id: `D${i}`,
      account: `A${i % 1500}`,
      owner: `R${i % 6}`,
      type: "new",
      created,
      status: won ? "won" : "lost",
      stage: won ? "Won" : "Lost",
      amount,
      closeDate: created + life,
      category: null,
      events,
    });
  }
  const reps = Array.from({ length: 6 }, (_, r) => ({
    id: `R${r}`,
    team: "North",
    manager: `M${r % 2}`,
  }));
  const quotas = reps.flatMap((r, k) => [
    { rep: r.id, start: 547, end: 637, amount: 150_000 + 100_000 * k },
    { rep: r.id, start: 638, end: 729, amount: 150_000 + 100_000 * k },
  ]);
  return { deals, usage: [], reps, quotas };
}

describe("pipeline coverage", () => {
  const input = market(4);
  const asOf = 600; // 1971-08-24, inside the quarter 547..637
  const f = forecast(input, asOf, { draws: 200 });
  const targets: TargetAccount[] = Array.from({ length: 1500 }, (_, i) => ({
    account: `A${i}`,
    owner: `R${i % 6}`,
    rank: i + 1,
    value: 10_000 - i,
  }));

  it("flags reps below the multiple with the gap, and suggests their best accounts without an open deal", () => {
    const c = coverage(f, input, targets, { multiple: 4, suggestions: 3 });
    expect(c.qualifiedStage).toBe("Qualified");
    const open = new Set(f.scores.map((s) => s.deal.account));
    const reps = c.rows.filter((r) => r.by === "rep");
    expect(reps.some((r) => r.flagged)).toBe(true);
    for (const r of reps) {
      expect(r.flagged).toBe(r.coverage !== null && r.coverage < 4);
      if (r.remaining !== null && r.remaining > 0)
        expect(r.coverage).toBeCloseTo(r.qualified / r.remaining, 9);
      if (r.flagged) {
        expect(r.gap).toBeCloseTo(4 * (r.remaining as number) - r.qualified, 6);
        expect(r.suggestions.length).toBeGreaterThan(0);
      }
      for (const s of r.suggestions) {
        expect(s.owner).toBe(r.key);
        expect(open.has(s.account)).toBe(false);
      }
      const ranks = r.suggestions.map((s) => s.rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it("counts only deals at or past the qualification stage, and adds reps up into teams", () => {
    const all = coverage(f, input, targets, { qualifiedStage: "Discovery" });
    const late = coverage(f, input, targets, { qualifiedStage: "Proposal" });
    const sum = (c: typeof all, by: "rep" | "team") =>
      c.rows.filter((r) => r.by === by).reduce((s, r) => s + r.qualified, 0);
    expect(sum(all, "rep")).toBeGreaterThan(sum(late, "rep"));
    expect(sum(all, "team")).toBeCloseTo(sum(all, "rep"), 6);
    const expected = all.rows.filter((r) => r.by === "rep").reduce((s, r) => s + r.expected, 0);
    const open = f.rows.filter((r) => r.by === "company").reduce((s, r) => s + r.open_expected, 0);
    expect(expected).toBeCloseTo(open, 3);
  });
});
