import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seeded } from "../random.js";
import {
  type AccountChance,
  forecastBookings,
  scaledBookings,
  simulateBookings,
} from "./bookings.js";
import {
  attainmentSpread,
  equalChanceQuotas,
  headcountQuotas,
  type QuotaRep,
  rampFactor,
} from "./quota.js";

/** A synthetic market: reps with territories of very different size and mix, some ramping. */
function market(seed: number, reps = 24) {
  const rng = seeded(seed);
  const rnd = () => rng.next();
  const books: AccountChance[][] = [];
  const ramps: number[] = [];
  for (let r = 0; r < reps; r++) {
    const n = 40 + Math.floor(rnd() * 260);
    const big = rnd() < 0.3;
    books.push(
      Array.from({ length: n }, () => ({
        p: 0.02 + 0.3 * rnd() ** 2,
        amount: Math.round((big ? 60_000 : 15_000) * Math.exp(0.8 * (rnd() - 0.5))),
      })),
    );
    ramps.push(r % 7 === 3 ? 0.4 : 1);
  }
  const list: QuotaRep[] = books.map((b, r) => ({
    rep_id: `R${r}`,
    team: `T${Math.floor(r / 4)}`,
    region: `G${Math.floor(r / 12)}`,
    bookings: scaledBookings(simulateBookings(b, 4000, seed * 100 + r), ramps[r] ?? 1),
    ramp: ramps[r] ?? 1,
  }));
  return { books, ramps, reps: list };
}

/** P(bookings >= quota) by an independent simulation (other seed, more draws). */
function simulatedAttain(
  book: readonly AccountChance[],
  ramp: number,
  quota: number,
  seed: number,
) {
  const draws = 12000;
  const rng = seeded(seed);
  const rnd = () => rng.next();
  const out = new Float64Array(draws);
  for (const c of book)
    for (let d = 0; d < draws; d++) if (rnd() < c.p) out[d] = (out[d] ?? 0) + c.amount;
  let hit = 0;
  for (const v of out) if (v * ramp >= quota) hit++;
  return hit / draws;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("equal-chance quotas", () => {
  const m = market(7);
  const expected = sum(m.reps.map((r) => r.bookings.mean));
  const plan = equalChanceQuotas(m.reps, Math.round(0.95 * expected));

  it("sum to the target at every level", () => {
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const v = plan.value;
    expect(sum(v.rows.map((r) => r.quota))).toBeCloseTo(v.target, 6);
    const lv = (level: string) => v.levels.filter((l) => l.level === level);
    expect(lv("company")[0]?.top_down).toBeCloseTo(v.target, 6);
    expect(sum(lv("region").map((l) => l.top_down))).toBeCloseTo(v.target, 6);
    for (const region of lv("region")) {
      const teams = new Set(v.rows.filter((r) => r.region === region.id).map((r) => r.team));
      const t = lv("team").filter((l) => teams.has(l.id));
      expect(sum(t.map((l) => l.top_down))).toBeCloseTo(region.top_down, 6);
    }
    for (const team of lv("team"))
      expect(sum(v.rows.filter((r) => r.team === team.id).map((r) => r.quota))).toBeCloseTo(
        team.top_down,
        6,
      );
    const company = lv("company")[0];
    expect(company?.difference).toBeCloseTo((company?.top_down ?? 0) - expected, 6);
  });

  it("give every rep the same chance within 2 points (checked by an independent simulation)", () => {
    if (!plan.ok) throw new Error("no plan");
    const own = plan.value.rows.map((r) => r.p_attain);
    expect(Math.max(...own) - Math.min(...own)).toBeLessThanOrEqual(0.02);
    const sim = plan.value.rows.map((r, i) =>
      simulatedAttain(m.books[i] ?? [], m.ramps[i] ?? 1, r.quota, 999 + i),
    );
    expect(Math.max(...sim) - Math.min(...sim)).toBeLessThanOrEqual(0.02 + 0.02);
    for (const [i, s] of sim.entries()) expect(Math.abs(s - (own[i] ?? 0))).toBeLessThan(0.02);
    // A headcount split on the same market does not.
    const hc = headcountQuotas(m.reps, plan.value.target);
    if (!hc.ok) throw new Error("no split");
    const hp = hc.value.rows.map((r) => r.p_attain);
    expect(Math.max(...hp) - Math.min(...hp)).toBeGreaterThan(0.3);
  });

  it("backtest: attainment spreads less with quotas from potential than split by headcount", () => {
    if (!plan.ok) throw new Error("no plan");
    const hc = headcountQuotas(m.reps, plan.value.target);
    if (!hc.ok) throw new Error("no split");
    // Outcomes: one simulated period per rep, several periods.
    for (let period = 0; period < 4; period++) {
      const actual = m.books.map((b, i) => {
        const rng = seeded(5000 + 31 * period + i);
        const rnd = () => rng.next();
        let v = 0;
        for (const c of b) if (rnd() < c.p) v += c.amount;
        return v * (m.ramps[i] ?? 1);
      });
      const a = attainmentSpread(
        plan.value.rows.map((r) => r.quota),
        actual,
      );
      const b = attainmentSpread(
        hc.value.rows.map((r) => r.quota),
        actual,
      );
      expect(a.sd).toBeLessThan(b.sd);
    }
  });

  it("pi is monotone in the target and quotas stay ordered like the distributions", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 1.3, noNaN: true }),
        fc.double({ min: 0.3, max: 1.3, noNaN: true }),
        (a, b) => {
          const pa = equalChanceQuotas(m.reps, a * expected);
          const pb = equalChanceQuotas(m.reps, b * expected);
          if (!pa.ok || !pb.ok) return;
          if (a < b) expect(pa.value.p_attain).toBeGreaterThanOrEqual(pb.value.p_attain - 1e-9);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("rejects a target that is not a positive number or cannot be reached, and no reps", () => {
    for (const t of [Number.NaN, -5, 0, Number.POSITIVE_INFINITY]) {
      const r = equalChanceQuotas(m.reps, t);
      expect(r.ok ? "" : r.issues[0]?.code).toBe("quota_target_invalid");
    }
    const r = equalChanceQuotas(m.reps, 100 * expected);
    expect(r.ok ? "" : r.issues[0]?.code).toBe("quota_unattainable");
    const e = equalChanceQuotas([], 10);
    expect(e.ok ? "" : e.issues[0]?.code).toBe("quota_no_reps");
  });
});

describe("bookings and ramp", () => {
  it("a forecast's summary keeps its mean and quantiles", () => {
    const f = forecastBookings({ mean: 120, p10: 40, p50: 100, p90: 210 });
    expect(f.mean).toBeCloseTo(120, 9);
    expect(f.quantile(0.5)).toBeCloseTo(100, 9);
    expect(f.quantile(0.9)).toBeCloseTo(210, 9);
    for (const q of [0.05, 0.3, 0.7, 0.95]) expect(f.below(f.quantile(q))).toBeCloseTo(q, 9);
  });

  it("ramp: nothing before the start, linear to full over the ramp", () => {
    expect(rampFactor(100, 0, 99, 90)).toBe(0);
    expect(rampFactor(0, 200, 299, 90)).toBe(1);
    const half = rampFactor(0, 0, 89, 90);
    expect(half).toBeCloseTo(0.5, 2);
    expect(rampFactor(50, 0, 99, 0)).toBeCloseTo(0.5, 9);
  });
});
