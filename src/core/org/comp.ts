/**
 * Comp plans and their simulation. A plan: on-target earnings (OTE) split into base and variable;
 * the variable pays at a base rate (variable target / quota) per unit of credited bookings, times
 * a multiplier per attainment band (decelerators below, accelerators above quota), up to a cap;
 * bookings from ICP accounts (e.g. tier A of the target list) are credited `icp_credit` times.
 * Simulated over each rep's bookings draws: expected and P10/P90 pay, the cost of sales, and how
 * much of the expected variable pay comes from ICP accounts (with the multiplier and without).
 */
import { z } from "zod";
import { fail, ok, type Result } from "../errors.js";
import { type Issue, issue } from "../issues.js";
import { seededStream } from "../random.js";

const Band = z.strictObject({
  /** Attainment where the band starts (0 = nothing booked, 1 = quota). */
  from: z.number().min(0),
  /** Multiplier of the base rate inside the band. */
  rate: z.number().min(0),
});

export const CompPlan = z
  .strictObject({
    ote: z.number().positive().default(200_000),
    /** Share of OTE paid as base salary. */
    base_share: z.number().min(0).max(1).default(0.5),
    bands: z
      .array(Band)
      .min(1)
      .default([
        { from: 0, rate: 0.5 },
        { from: 0.5, rate: 1 },
        { from: 1, rate: 1.5 },
        { from: 1.5, rate: 2 },
      ]),
    /** Cap on variable pay as a multiple of the variable target (none when absent). */
    cap: z.number().positive().optional(),
    /** Credit multiplier for bookings from ICP accounts (1 = none). */
    icp_credit: z.number().min(0).default(1.5),
  })
  .refine((p) => p.bands[0]?.from === 0, {
    message: "the first band must start at 0",
    path: ["bands", 0, "from"],
  })
  .refine((p) => p.bands.every((b, i) => i === 0 || b.from > (p.bands[i - 1]?.from ?? 0)), {
    message: "bands must start at increasing attainment",
    path: ["bands"],
  });
export type CompPlan = z.output<typeof CompPlan>;

/**
 * Variable pay for `credited` bookings against `quota`. The bands are scaled so that exactly
 * quota pays the variable target whatever the decelerators: the base rate is variable target /
 * (integral of the band multipliers from 0 to 1 x quota).
 */
export function variablePay(plan: CompPlan, quota: number, credited: number): number {
  const target = plan.ote * (1 - plan.base_share);
  if (!(quota > 0)) return 0;
  const a = credited / quota;
  const integral = (x: number) => {
    let s = 0;
    plan.bands.forEach((b, i) => {
      const end = plan.bands[i + 1]?.from ?? Number.POSITIVE_INFINITY;
      if (x > b.from) s += (Math.min(x, end) - b.from) * b.rate;
    });
    return s;
  };
  const atQuota = integral(1);
  const pay = atQuota > 0 ? (target * integral(a)) / atQuota : 0;
  return plan.cap !== undefined ? Math.min(pay, plan.cap * target) : pay;
}

/** One account of a rep's book: chance of booking in the period, amount, whether it is ICP. */
export interface CompChance {
  readonly p: number;
  readonly amount: number;
  readonly icp: boolean;
}

export interface CompRep {
  readonly rep_id: string;
  readonly quota: number;
  readonly chances: readonly CompChance[];
}

export interface CompRow {
  readonly rep_id: string;
  readonly quota: number;
  readonly expected_bookings: number;
  readonly expected_pay: number;
  readonly p10_pay: number;
  readonly p90_pay: number;
  /** Share of expected bookings from ICP accounts. */
  readonly icp_bookings_share: number;
  /** Share of expected variable pay earned on ICP accounts, with the plan's credit and with none. */
  readonly icp_pay_share: number;
  readonly icp_pay_share_without: number;
}

export interface CompSimulation {
  readonly rows: readonly CompRow[];
  readonly expected_pay: number;
  readonly expected_bookings: number;
  /** Expected pay (base + variable) / expected bookings, with the plan and without the ICP credit. */
  readonly cost_of_sales: number;
  readonly cost_of_sales_without: number;
  readonly icp_pay_share: number;
  readonly icp_pay_share_without: number;
  readonly issues: readonly Issue[];
}

/** Simulate `plan` over `draws` outcomes of each rep's book (seeded). */
export function simulateComp(
  plan: CompPlan,
  reps: readonly CompRep[],
  draws = 2000,
  seed = 1,
): Result<CompSimulation> {
  if (reps.length === 0)
    return fail([issue("quota_no_reps", "no rep to simulate a comp plan for")]);
  const base = plan.ote * plan.base_share;
  const without = { ...plan, icp_credit: 1 };
  const rows: CompRow[] = [];
  let pay = 0;
  let payWithout = 0;
  let booked = 0;
  let icpPay = 0;
  let icpPayWithout = 0;
  let variable = 0;
  let variableWithout = 0;
  reps.forEach((rep, i) => {
    const icp = new Float64Array(draws);
    const other = new Float64Array(draws);
    const rng = seededStream(seed, i);
    for (const c of rep.chances) {
      if (!(c.p > 0) || !(c.amount > 0)) continue;
      const into = c.icp ? icp : other;
      for (let d = 0; d < draws; d++) if (rng.next() < c.p) into[d] = (into[d] ?? 0) + c.amount;
    }
    const pays = new Float64Array(draws);
    let sumB = 0;
    let sumIcpB = 0;
    let sumV = 0;
    let sumVIcp = 0;
    let sumV0 = 0;
    let sumV0Icp = 0;
    for (let d = 0; d < draws; d++) {
      const a = icp[d] ?? 0;
      const b = other[d] ?? 0;
      const credited = plan.icp_credit * a + b;
      const v = variablePay(plan, rep.quota, credited);
      const v0 = variablePay(without, rep.quota, a + b);
      pays[d] = base + v;
      sumB += a + b;
      sumIcpB += a;
      sumV += v;
      sumV0 += v0;
      // Pay is attributed to ICP bookings in proportion to their credit.
      if (credited > 0) sumVIcp += (v * plan.icp_credit * a) / credited;
      if (a + b > 0) sumV0Icp += (v0 * a) / (a + b);
    }
    pays.sort();
    const q = (p: number) => pays[Math.min(draws - 1, Math.floor(p * draws))] ?? 0;
    rows.push({
      rep_id: rep.rep_id,
      quota: rep.quota,
      expected_bookings: sumB / draws,
      expected_pay: base + sumV / draws,
      p10_pay: q(0.1),
      p90_pay: q(0.9),
      icp_bookings_share: sumB > 0 ? sumIcpB / sumB : 0,
      icp_pay_share: sumV > 0 ? sumVIcp / sumV : 0,
      icp_pay_share_without: sumV0 > 0 ? sumV0Icp / sumV0 : 0,
    });
    pay += base + sumV / draws;
    payWithout += base + sumV0 / draws;
    booked += sumB / draws;
    icpPay += sumVIcp / draws;
    icpPayWithout += sumV0Icp / draws;
    variable += sumV / draws;
    variableWithout += sumV0 / draws;
  });
  return ok({
    rows,
    expected_pay: pay,
    expected_bookings: booked,
    cost_of_sales: booked > 0 ? pay / booked : 0,
    cost_of_sales_without: booked > 0 ? payWithout / booked : 0,
    icp_pay_share: variable > 0 ? icpPay / variable : 0,
    icp_pay_share_without: variableWithout > 0 ? icpPayWithout / variableWithout : 0,
    issues: [],
  });
}
