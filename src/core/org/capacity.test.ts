import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CapacityAccount,
  CapacityScenario,
  parseCapacityScenario,
  planCapacity,
} from "./capacity.js";

describe("capacity", () => {
  it("counts reps needed per region and segment, with ramp and attrition, and the marginal AE", () => {
    const accounts: CapacityAccount[] = [
      ...Array.from({ length: 40 }, () => ({ region: "W", segment: "S", tier: "A", value: 10 })),
      ...Array.from({ length: 80 }, () => ({ region: "W", segment: "S", tier: "B", value: 2 })),
      ...Array.from({ length: 50 }, () => ({ region: "W", segment: "S", tier: "C", value: 1 })),
    ];
    const s = CapacityScenario.parse({
      coverage: [
        { tier: "A", ae_accounts: 20, bdr_accounts: 40 },
        { tier: "B", ae_accounts: 40, bdr_accounts: 80 },
      ],
      ramp_months: 12,
      attrition: 0.2,
      change: { W: 1 },
    });
    const r = planCapacity(accounts, s, new Map([["W", 2]]));
    if (!r.ok) throw new Error("no plan");
    const p = r.value;
    expect(p.productivity).toBeCloseTo(0.9, 12);
    const w = p.regions[0];
    // Load 40/20 + 80/40 = 4 full reps -> 4 / 0.9 -> 5 AEs; BDRs 40/40 + 80/80 = 2 -> 3.
    expect(w).toMatchObject({ accounts: 120, aes_needed: 5, bdrs_needed: 3, aes: 2, gap: -3 });
    // Two AEs give 1.8 reps of time: the 36 best accounts (tier A, 10 each).
    expect(w?.covered_bookings).toBeCloseTo(360, 9);
    // A third gives 0.9 more: the 4 A accounts left (0.2 of time, 40), then 0.7 x 40 = 28 B accounts (56).
    expect(w?.add_one).toBeCloseTo(96, 9);
    expect(w?.remove_one).toBeCloseTo(180, 9);
    expect(w?.covered_after).toBeCloseTo(456, 9);
  });

  it("more AEs never cover less, and never more than the list", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tier: fc.constantFrom("A", "B"),
            value: fc.double({ min: 0, max: 100, noNaN: true }),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 6 }),
        (rows, aes) => {
          const accounts = rows.map((r) => ({ ...r, region: "R", segment: "x" }));
          const r = planCapacity(
            accounts,
            CapacityScenario.parse({ coverage: [{ ae_accounts: 7 }] }),
            new Map([["R", aes]]),
          );
          if (!r.ok) throw new Error("no plan");
          const g = r.value.regions[0];
          if (!g) return;
          expect(g.add_one).toBeGreaterThanOrEqual(-1e-9);
          expect(g.remove_one).toBeGreaterThanOrEqual(-1e-9);
          expect(g.covered_bookings).toBeLessThanOrEqual(g.expected_bookings + 1e-6);
        },
      ),
    );
  });

  it("a tier without a coverage line, bad JSON and bad fields are coded issues with their path", () => {
    const r = planCapacity(
      [{ region: "W", segment: "S", tier: "A", value: 1 }],
      CapacityScenario.parse({ coverage: [{ tier: "B", ae_accounts: 5 }] }),
      new Map(),
    );
    expect(r.ok ? "" : r.issues[0]?.code).toBe("capacity_no_coverage");
    const j = parseCapacityScenario("{ nope", "s.json");
    expect(j.ok ? "" : j.issues[0]).toMatchObject({
      code: "config_json",
      path: { file: "s.json" },
    });
    const f = parseCapacityScenario('{"attrition": 2, "tierz": []}', "s.json");
    expect(f.ok ? [] : f.issues.map((i) => [i.code, i.path?.json])).toEqual(
      expect.arrayContaining([
        ["config_invalid", ["attrition"]],
        ["config_unknown_key", ["tierz"]],
      ]),
    );
    const u = planCapacity([], CapacityScenario.parse({ change: { Mars: 1 } }), new Map());
    expect(u.ok ? u.value.issues[0]?.code : "").toBe("capacity_unknown_region");
  });
});
