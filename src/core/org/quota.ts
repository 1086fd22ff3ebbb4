/**
 * Quotas that every rep is equally likely to make: the company target is split so that each rep's
 * quota is the same upper quantile of that rep's bookings distribution (its territory's scored
 * potential or its forecast, scaled by ramp). Solve for the common attainment probability pi with
 * sum_r Q_r(1 - pi) = target (each Q_r non-decreasing, so the sum falls as pi rises: bisection).
 * Teams and regions get the sum of their reps' quotas (top-down), compared with the sum of their
 * expected bookings (bottom-up).
 */
import { fail, ok, type Result } from "../errors.js";
import { type Issue, issue } from "../issues.js";
import type { Bookings } from "./bookings.js";

/** A rep to set a quota for. */
export interface QuotaRep {
  readonly rep_id: string;
  readonly team: string;
  readonly region: string;
  /** Bookings in the period (already scaled by ramp). */
  readonly bookings: Bookings;
  /** Share of a full rep's productivity in the period (1 when ramped). */
  readonly ramp?: number;
  /** Relative headcount (FTE) for the headcount split (default 1). */
  readonly capacity?: number;
}

export interface QuotaRow {
  readonly rep_id: string;
  readonly team: string;
  readonly region: string;
  readonly quota: number;
  readonly expected_bookings: number;
  /** P(bookings >= quota) under the rep's distribution. */
  readonly p_attain: number;
  readonly ramp: number;
}

/** A level's top-down quota against its bottom-up expectation. */
export interface QuotaLevel {
  readonly level: "company" | "region" | "team";
  readonly id: string;
  readonly reps: number;
  readonly top_down: number;
  readonly bottom_up: number;
  /** top_down - bottom_up: what the target asks beyond the territories' expected bookings. */
  readonly difference: number;
}

export interface QuotaPlan {
  readonly target: number;
  /** The common probability of attaining quota. */
  readonly p_attain: number;
  readonly rows: readonly QuotaRow[];
  readonly levels: readonly QuotaLevel[];
  readonly issues: readonly Issue[];
}

/** Equal-attainability quotas summing to `target` (rounded to cents, the sum exact). */
export function equalChanceQuotas(reps: readonly QuotaRep[], target: number): Result<QuotaPlan> {
  const bad = checkTarget(reps, target);
  if (bad) return fail([bad]);
  const sumAt = (pi: number) => reps.reduce((s, r) => s + r.bookings.quantile(1 - pi), 0);
  const most = sumAt(0);
  if (target > most) {
    return fail([
      issue(
        "quota_unattainable",
        `target ${target.toFixed(0)} exceeds what the reps could book even at their best outcomes (${most.toFixed(0)}): no quota split gives anyone a chance`,
        { data: { target, maximum: most } },
      ),
    ]);
  }
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (sumAt(mid) > target) lo = mid;
    else hi = mid;
  }
  const pi = (lo + hi) / 2;
  const raw = reps.map((r) => r.bookings.quantile(1 - pi));
  return ok(finish(reps, target, raw, pi));
}

/** Quotas split by headcount (capacity x ramp), the usual practice, for comparison. */
export function headcountQuotas(reps: readonly QuotaRep[], target: number): Result<QuotaPlan> {
  const bad = checkTarget(reps, target);
  if (bad) return fail([bad]);
  const w = reps.map((r) => (r.capacity ?? 1) * (r.ramp ?? 1));
  const sw = w.reduce((a, b) => a + b, 0);
  return ok(
    finish(
      reps,
      target,
      w.map((x) => (sw > 0 ? (target * x) / sw : target / reps.length)),
      Number.NaN,
    ),
  );
}

function checkTarget(reps: readonly QuotaRep[], target: number): Issue | undefined {
  if (!Number.isFinite(target) || !(target > 0))
    return issue("quota_target_invalid", `the target must be a positive amount, got ${target}`, {
      data: { target },
    });
  if (reps.length === 0) return issue("quota_no_reps", "no rep to set a quota for");
  return undefined;
}

/** Round to cents keeping the exact sum (largest remainder), then roll up the hierarchy. */
function finish(
  reps: readonly QuotaRep[],
  target: number,
  raw: readonly number[],
  pi: number,
): QuotaPlan {
  const total = raw.reduce((a, b) => a + b, 0);
  const want = Math.round(target * 100);
  const exact = raw.map((q) => (total > 0 ? (q * want) / total : want / raw.length));
  const cents = exact.map(Math.floor);
  let left = want - cents.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    cents[i] = (cents[i] ?? 0) + 1;
    left--;
  }
  const rows: QuotaRow[] = reps.map((r, i) => {
    const c = cents[i] ?? 0;
    return {
      rep_id: r.rep_id,
      team: r.team,
      region: r.region,
      quota: c / 100,
      expected_bookings: r.bookings.mean,
      p_attain: 1 - r.bookings.below(c / 100),
      ramp: r.ramp ?? 1,
    };
  });
  const levels: QuotaLevel[] = [];
  const roll = (level: QuotaLevel["level"], keyOf: (i: number) => string) => {
    const acc = new Map<string, { cents: number; mean: number; reps: number }>();
    rows.forEach((row, i) => {
      const k = keyOf(i);
      const a = acc.get(k) ?? { cents: 0, mean: 0, reps: 0 };
      a.cents += cents[i] ?? 0;
      a.mean += row.expected_bookings;
      a.reps++;
      acc.set(k, a);
    });
    for (const [id, a] of acc)
      levels.push({
        level,
        id,
        reps: a.reps,
        top_down: a.cents / 100,
        bottom_up: a.mean,
        difference: a.cents / 100 - a.mean,
      });
  };
  roll("company", () => "company");
  roll("region", (i) => reps[i]?.region ?? "");
  roll("team", (i) => reps[i]?.team ?? "");
  return { target: want / 100, p_attain: pi, rows, levels, issues: [] };
}

/**
 * Share of full productivity a rep starting on day `start` has over the days [from, to]
 * (inclusive), ramping linearly from 0 to 1 over `rampDays` (0 before the start).
 */
export function rampFactor(start: number, from: number, to: number, rampDays: number): number {
  if (to < from) return 0;
  let sum = 0;
  for (let d = from; d <= to; d++) {
    const t = d - start;
    sum += t < 0 ? 0 : rampDays > 0 ? Math.min(1, (t + 0.5) / rampDays) : 1;
  }
  return sum / (to - from + 1);
}

/** Spread of attainment (actual / quota) across reps: standard deviation and P90 / P10 ratio. */
export function attainmentSpread(
  quotas: readonly number[],
  actual: readonly number[],
): { readonly sd: number; readonly mean: number; readonly p10: number; readonly p90: number } {
  const a: number[] = [];
  quotas.forEach((q, i) => {
    if (q > 0) a.push((actual[i] ?? 0) / q);
  });
  const n = a.length;
  const mean = n ? a.reduce((x, y) => x + y, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const s = [...a].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))] ?? 0;
  return { sd, mean, p10: q(0.1), p90: q(0.9) };
}
