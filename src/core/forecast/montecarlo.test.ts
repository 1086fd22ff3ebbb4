import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectation,
  type NewChance,
  type OpenChance,
  rollUp,
  simulate,
  simulateInto,
  summarise,
} from "./montecarlo.js";

const openArb = (groups: number) =>
  fc.record({
    group: fc.integer({ min: 0, max: groups - 1 }),
    amount: fc.double({ min: 100, max: 100_000, noNaN: true }),
    // Small chances take the geometric-skip path, large ones the draw-by-draw path.
    p1: fc.oneof(
      fc.double({ min: 0, max: 0.12, noNaN: true }),
      fc.double({ min: 0, max: 0.6, noNaN: true }),
    ),
    p2: fc.oneof(
      fc.double({ min: 0, max: 0.12, noNaN: true }),
      fc.double({ min: 0, max: 0.39, noNaN: true }),
    ),
  });
const freshArb = (groups: number) =>
  fc.record({
    group: fc.integer({ min: 0, max: groups - 1 }),
    wins1: fc.double({ min: 0, max: 5, noNaN: true }),
    wins2: fc.double({ min: 0, max: 5, noNaN: true }),
    amounts: fc
      .array(fc.double({ min: 100, max: 50_000, noNaN: true }), { minLength: 1, maxLength: 20 })
      .map((a) => Float64Array.from(a)),
  });

describe("Monte Carlo forecast", () => {
  it("has the analytic mean within its standard error, per group and period", () => {
    fc.assert(
      fc.property(
        fc.array(openArb(3), { minLength: 1, maxLength: 60 }),
        fc.array(freshArb(3), { maxLength: 4 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (open: OpenChance[], fresh: NewChance[], seed) => {
          const draws = 4000;
          const d = simulate(3, open, fresh, draws, seed);
          for (let g = 0; g < 3; g++) {
            for (const period of [1, 2] as const) {
              const { mean, variance } = expectation(g, period, open, fresh);
              const s = summarise(d, g, period);
              const se = Math.sqrt(variance / draws);
              // 5 standard errors: a false alarm about once in 3 million checks while the normal
              // approximation holds. For wins far rarer than one per run it does not (a single win
              // is then many standard errors), so one win of the largest amount in one draw is
              // allowed on top: the granularity of a mean over `draws` draws.
              const largest = Math.max(
                0,
                ...open.map((o) => o.amount),
                ...fresh.flatMap((f) => [...f.amounts]),
              );
              const grain = largest / draws;
              expect(Math.abs(s.mean - mean)).toBeLessThanOrEqual(
                5 * se + grain + 1e-6 * (1 + mean),
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("matches the analytic mean and variance on many unlikely deals (the skipping path)", () => {
    const open = Array.from({ length: 300 }, (_, i) => ({
      group: 0,
      amount: 1000 + i,
      p1: 0.03,
      p2: 0.02,
    }));
    const draws = 20_000;
    const d = simulate(1, open, [], draws, 11);
    for (const period of [1, 2] as const) {
      const { mean, variance } = expectation(0, period, open, []);
      const v = period === 1 ? d.period1 : d.period2;
      let s = 0;
      let s2 = 0;
      for (const x of v) {
        s += x;
        s2 += x * x;
      }
      const m = s / draws;
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(variance / draws));
      expect(Math.abs(s2 / draws - m * m - variance) / variance).toBeLessThan(0.1);
    }
  });

  it("keeps the analytic mean under a common shock, and widens the spread", () => {
    const open = Array.from({ length: 400 }, (_, i) => ({
      group: 0,
      amount: 500 + 10 * i,
      p1: 0.02 + (0.5 * (i % 10)) / 10,
      p2: 0.05,
    }));
    const fresh = [
      { group: 0, wins1: 3, wins2: 4, amounts: Float64Array.from([1000, 3000, 8000]) },
    ];
    const draws = 20_000;
    const calm = simulate(1, open, fresh, draws, 5, 0);
    const shaken = simulate(1, open, fresh, draws, 5, 0.3);
    for (const period of [1, 2] as const) {
      const { mean } = expectation(0, period, open, fresh);
      const v = period === 1 ? shaken.period1 : shaken.period2;
      // Draws share their stratum's shock: the standard error comes from the 100 stratum means.
      const strata = Array.from({ length: 100 }, (_, k) => {
        let s = 0;
        for (let d = k * 200; d < (k + 1) * 200; d++) s += v[d] as number;
        return s / 200;
      });
      const m = strata.reduce((a, x) => a + x, 0) / 100;
      const sd = Math.sqrt(strata.reduce((a, x) => a + (x - m) ** 2, 0) / 99);
      expect(Math.abs(m - mean)).toBeLessThan(4 * (sd / 10));
      const a = summarise(calm, 0, period);
      const b = summarise(shaken, 0, period);
      expect(b.p90 - b.p10).toBeGreaterThan(1.25 * (a.p90 - a.p10));
    }
  });

  it("wins each deal in at most one period, so a certain deal adds its amount once", () => {
    const d = simulate(1, [{ group: 0, amount: 10, p1: 0.7, p2: 0.3 }], [], 1000, 3);
    for (let k = 0; k < 1000; k++)
      expect((d.period1[k] as number) + (d.period2[k] as number)).toBe(10);
  });

  it("rolls groups up by summing their draws, and orders P10 <= P50 <= P90", () => {
    fc.assert(
      fc.property(fc.array(openArb(4), { minLength: 1, maxLength: 30 }), (open) => {
        const d = simulate(4, open, [], 500, 9);
        const up = rollUp(d, [0, 0, 1, 1], 2);
        for (let k = 0; k < 500; k++) {
          expect(up.period1[k]).toBeCloseTo(
            (d.period1[k] as number) + (d.period1[500 + k] as number),
            0,
          );
          expect(up.period2[500 + k]).toBeCloseTo(
            (d.period2[1000 + k] as number) + (d.period2[1500 + k] as number),
            0,
          );
        }
        const s = summarise(up, 1, 1);
        expect(s.p10).toBeLessThanOrEqual(s.p50);
        expect(s.p50).toBeLessThanOrEqual(s.p90);
      }),
      { numRuns: 20 },
    );
  });
});

describe("Monte Carlo split between threads", () => {
  it("gives the same draws however the groups are split", () => {
    fc.assert(
      fc.property(
        fc.array(openArb(5), { minLength: 1, maxLength: 40 }),
        fc.array(freshArb(5), { maxLength: 4 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (open: OpenChance[], fresh: NewChance[], seed, side, shock) => {
          const draws = 300;
          const whole = simulate(5, open, fresh, draws, seed, shock);
          const job = { groups: 5, open, fresh, draws, seed, shock, newShock: shock };
          const out = {
            period1: new Float32Array(5 * draws),
            period2: new Float32Array(5 * draws),
          };
          simulateInto(job, out, (g) => side[g] === true);
          simulateInto(job, out, (g) => side[g] !== true);
          expect(out.period1).toEqual(whole.period1);
          expect(out.period2).toEqual(whole.period2);
        },
      ),
      { numRuns: 30 },
    );
  });
});
