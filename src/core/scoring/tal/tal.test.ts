import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { icpExecution } from "./execution.js";
import { buildTal, DEFAULT_TAL_OPTIONS, percentiles, type TalInput } from "./priority.js";

const account: fc.Arbitrary<TalInput> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  isCustomer: fc.boolean(),
  fit: fc.double({ min: 0, max: 1, noNaN: true }),
  dealSize: fc.double({ min: 0, max: 1e6, noNaN: true }),
  expandProbability: fc.double({ min: 0, max: 1, noNaN: true }),
  whitespace: fc.double({ min: 0, max: 1e6, noNaN: true }),
  intent: fc.double({ min: 0, max: 100, noNaN: true }),
  inMarket: fc.boolean(),
});
const uniqueAccounts = fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 60 });

describe("target account list", () => {
  it("ranks every account once, with tiers of the configured shares", () => {
    fc.assert(
      fc.property(uniqueAccounts, (list) => {
        const tal = buildTal(list);
        expect(tal.map((r) => r.rank)).toEqual(list.map((_, i) => i + 1));
        expect(new Set(tal.map((r) => r.id)).size).toBe(list.length);
        const [a, b] = DEFAULT_TAL_OPTIONS.tierShares;
        expect(tal.filter((r) => r.tier === "A").length).toBe(Math.round(list.length * a));
        expect(tal.filter((r) => r.tier === "B").length).toBe(Math.round(list.length * b));
        for (let k = 1; k < tal.length; k++)
          expect(tal[k - 1]?.priority ?? 0).toBeGreaterThanOrEqual(tal[k]?.priority ?? 0);
      }),
    );
  });

  it("does not depend on the order accounts come in", () => {
    fc.assert(
      fc.property(uniqueAccounts, fc.integer(), (list, seed) => {
        const shuffled = [...list].sort(
          (x, y) => ((x.id.charCodeAt(0) * seed) % 97) - ((y.id.charCodeAt(0) * seed) % 97),
        );
        expect(buildTal(shuffled)).toEqual(buildTal(list));
      }),
    );
  });

  it("never ranks a prospect lower for a higher fit, all else equal", () => {
    fc.assert(
      fc.property(
        uniqueAccounts,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (l, k, f) => {
          if (l.length === 0) return;
          const i = k % l.length;
          const base = l[i] as TalInput;
          const prospect = { ...base, isCustomer: false };
          const lower = l.map((a, j) =>
            j === i ? { ...prospect, fit: Math.min(f, base.fit) } : a,
          );
          const higher = l.map((a, j) =>
            j === i ? { ...prospect, fit: Math.max(f, base.fit) } : a,
          );
          const rank = (list: TalInput[]) =>
            buildTal(list).find((r) => r.id === base.id)?.rank ?? 0;
          expect(rank(higher)).toBeLessThanOrEqual(rank(lower));
        },
      ),
    );
  });

  it("puts a likely big deal above an unlikely one and explains both", () => {
    const tal = buildTal([
      { ...zero, id: "small", fit: 0.05, dealSize: 10_000 },
      {
        ...zero,
        id: "big",
        fit: 0.4,
        dealSize: 50_000,
        intent: 3,
        inMarket: true,
        inMarketSince: "2026-05-01",
        reasons: [
          { feature: "industry=healthcare", effect: 0.8 },
          { feature: "employees", effect: -0.2 },
        ],
      },
      { ...zero, id: "customer", isCustomer: true, expandProbability: 0.5, whitespace: 20_000 },
    ]);
    expect(tal.map((r) => r.id)).toEqual(["big", "customer", "small"]);
    expect(tal[0]?.explanation).toBe(
      "new business: fit 40.0% x deal $50K; raised by industry=healthcare; lowered by employees; in market since 2026-05-01 (intent top 1%)",
    );
    expect(tal[1]?.explanation).toMatch(/^expansion: whitespace \$20K x P\(expand\) 50%/);
    expect(tal[0]?.value).toBeCloseTo(20_000);
    expect(tal[0]?.timing).toBeCloseTo(1 + 0.5 + 0.5);
  });

  it("gives tied values the same percentile", () => {
    expect([...percentiles([5, 1, 5, 3])]).toEqual([5 / 6, 0, 5 / 6, 1 / 3]);
    expect([...percentiles([7])]).toEqual([0.5]);
  });
});

const zero: TalInput = {
  id: "",
  isCustomer: false,
  fit: 0,
  dealSize: 0,
  expandProbability: 0,
  whitespace: 0,
  intent: 0,
  inMarket: false,
};

describe("ICP execution", () => {
  it("splits a period's pipeline and wins by tier, with shares adding up to one", () => {
    const rows = icpExecution({ A: 10, B: 30, C: 60, D: 900 }, [
      { tier: "A", created: 100, won: 50 },
      { tier: "A", created: 100, won: 0 },
      { tier: "D", created: 200, won: 25 },
      { tier: null, created: 0, won: 25 },
    ]);
    expect(rows.map((r) => r.tier)).toEqual(["A", "B", "C", "D", "none"]);
    expect(rows.reduce((s, r) => s + r.pipelineShare, 0)).toBeCloseTo(1);
    expect(rows.reduce((s, r) => s + r.wonShare, 0)).toBeCloseTo(1);
    expect(rows[0]).toMatchObject({ pipeline: 200, pipelineShare: 0.5, won: 50, wonShare: 0.5 });
    expect(rows[0]?.lift).toBeCloseTo(0.5 / 0.01);
    expect(rows[3]?.lift).toBeCloseTo(0.25 / 0.9);
    const tiered = icpExecution({ A: 1, B: 1, C: 1, D: 1 }, [
      { tier: "B", created: 10, won: 0 },
      { tier: null, created: 0, won: 0 },
    ]);
    expect(tiered.map((r) => r.tier)).toEqual(["A", "B", "C", "D"]);
  });
});
