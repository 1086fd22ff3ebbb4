import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompPlan, simulateComp, variablePay } from "./comp.js";

const plan = CompPlan.parse({ ote: 200_000, base_share: 0.5, icp_credit: 1.5 });

describe("comp plan", () => {
  it("pays the variable target at quota, less below (decelerator), more above (accelerator)", () => {
    expect(variablePay(plan, 1000, 1000)).toBeCloseTo(100_000, 6);
    // Integral of the bands to 1: 0.5 x 0.5 + 0.5 x 1 = 0.75; to 0.5: 0.25; to 1.2: 0.75 + 0.3.
    expect(variablePay(plan, 1000, 500)).toBeCloseTo((100_000 * 0.25) / 0.75, 6);
    expect(variablePay(plan, 1000, 1200)).toBeCloseTo((100_000 * 1.05) / 0.75, 6);
    const capped = CompPlan.parse({ cap: 2 });
    expect(variablePay(capped, 1000, 10_000)).toBeCloseTo(2 * 100_000, 6);
  });

  it("pay never falls as bookings rise", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5e6, noNaN: true }),
        fc.double({ min: 0, max: 5e6, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(variablePay(plan, 1e6, lo)).toBeLessThanOrEqual(variablePay(plan, 1e6, hi) + 1e-6);
        },
      ),
    );
  });

  it("an ICP credit moves expected earnings toward ICP accounts and costs more", () => {
    const chances = [
      ...Array.from({ length: 30 }, () => ({ p: 0.2, amount: 20_000, icp: true })),
      ...Array.from({ length: 60 }, () => ({ p: 0.2, amount: 10_000, icp: false })),
    ];
    const reps = [
      { rep_id: "a", quota: 240_000, chances },
      { rep_id: "b", quota: 200_000, chances: chances.slice(20) },
    ];
    const r = simulateComp(plan, reps, 3000, 2);
    if (!r.ok) throw new Error("no simulation");
    const s = r.value;
    expect(s.icp_pay_share).toBeGreaterThan(s.icp_pay_share_without + 0.05);
    expect(s.cost_of_sales).toBeGreaterThan(s.cost_of_sales_without);
    for (const row of s.rows) {
      expect(row.p10_pay).toBeLessThanOrEqual(row.expected_pay);
      expect(row.p90_pay).toBeGreaterThanOrEqual(row.expected_pay);
      expect(row.icp_pay_share_without).toBeCloseTo(row.icp_bookings_share, 1);
    }
    expect(s.rows[0]?.expected_bookings).toBeCloseTo(0.2 * (30 * 20_000 + 60 * 10_000), -4);
  });

  it("rejects bands that do not start at 0 or go backwards", () => {
    expect(CompPlan.safeParse({ bands: [{ from: 0.2, rate: 1 }] }).success).toBe(false);
    expect(
      CompPlan.safeParse({
        bands: [
          { from: 0, rate: 1 },
          { from: 0, rate: 2 },
        ],
      }).success,
    ).toBe(false);
  });
});
