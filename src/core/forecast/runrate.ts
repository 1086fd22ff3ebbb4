/**
 * Pipeline not yet created: how much revenue deals opened after the origin will win within a
 * window, from history known at the origin. Per owner and segment (deal type): the rate deals were
 * created over the last year (shrunk toward the average owner), times the season (creations by
 * calendar month over every year seen, shrunk toward flat), times the chance a new deal is won
 * within the days left (learnt from deals created in the two years before), times the won amounts.
 */
import type { DealState } from "./asof.js";
import type { Day, DealRecord } from "./types.js";

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

/** What one owner's new deals of one segment are expected to bring in a window. */
export interface NewPipeline {
  readonly owner: string;
  readonly segment: string;
  /** Expected number of new deals created and won within the window. */
  readonly wins: number;
  /** Won amounts of the segment to draw from (non-empty). */
  readonly amounts: Float64Array;
  readonly meanAmount: number;
}

interface SegmentHistory {
  readonly winWithin: Float64Array;
  readonly amounts: Float64Array;
  readonly meanAmount: number;
  readonly created: Map<string, number>;
}

/** The run-rate model as of a date. */
export class RunRate {
  private constructor(
    private readonly asOf: Day,
    private readonly segments: ReadonlyMap<string, SegmentHistory>,
    private readonly season: Float64Array,
    private readonly owners: readonly string[],
    /**
     * sd of a common multiplicative shock on monthly deal creation beyond chance (method of
     * moments on the last 24 full months against the last year's rate x season).
     */
    readonly shock: number,
  ) {}

  /** Learn from the deals known at `asOf` (states as of then). */
  static learn(
    known: readonly { readonly deal: DealRecord; readonly state: DealState }[],
    asOf: Day,
    owners: readonly string[],
  ): RunRate {
    const bySeg = new Map<string, { deal: DealRecord; state: DealState }[]>();
    const monthCount = new Float64Array(12);
    const monthSpan = new Float64Array(12);
    let first = asOf;
    for (const k of known) {
      const seg = k.deal.type ?? "?";
      const list = bySeg.get(seg);
      if (list) list.push(k);
      else bySeg.set(seg, [k]);
      const m = new Date(k.deal.created * DAY_MS).getUTCMonth();
      monthCount[m] = (monthCount[m] as number) + 1;
      first = Math.min(first, k.deal.created);
    }
    // Months of each calendar month observed between the first deal and the origin.
    for (let d = first; d <= asOf; d++) {
      const m = new Date(d * DAY_MS).getUTCMonth();
      monthSpan[m] = (monthSpan[m] as number) + 1;
    }
    const season = new Float64Array(12).fill(1);
    const years = (asOf - first) / 365;
    if (years >= 1.5) {
      let total = 0;
      let span = 0;
      for (let m = 0; m < 12; m++) {
        total += monthCount[m] as number;
        span += monthSpan[m] as number;
      }
      const avg = total / Math.max(1, span);
      for (let m = 0; m < 12; m++) {
        const rate = (monthCount[m] as number) / Math.max(1, monthSpan[m] as number);
        // Shrunk toward flat with the weight of 60 days of creations.
        const w = (monthSpan[m] as number) / ((monthSpan[m] as number) + 60);
        season[m] = w * (rate / Math.max(avg, 1e-9)) + (1 - w);
      }
    }
    const segments = new Map<string, SegmentHistory>();
    for (const [seg, list] of bySeg) {
      const winWithin = new Float64Array(MAX_DAYS + 1);
      const recent = list.filter((k) => k.deal.created >= asOf - 730);
      const createdAt = recent.map((k) => k.deal.created).sort((a, b) => a - b);
      const wonPairs = recent
        .filter((k) => k.state.status === "won" && k.state.closedOn !== null)
        .map((k) => ({
          created: k.deal.created,
          after: (k.state.closedOn as number) - k.deal.created,
        }));
      for (let d = 0; d <= MAX_DAYS; d++) {
        const cutoff = asOf - d;
        const n = upper(createdAt, cutoff);
        let w = 0;
        for (const p of wonPairs) if (p.created <= cutoff && p.after <= d) w++;
        winWithin[d] = n >= 10 ? w / n : d > 0 ? (winWithin[d - 1] as number) : 0;
      }
      const wonAmounts = list
        .filter((k) => k.state.status === "won" && (k.state.amount ?? 0) > 0)
        .filter((k) => (k.state.closedOn ?? 0) >= asOf - 365)
        .map((k) => k.state.amount as number);
      const pool =
        wonAmounts.length >= 20
          ? wonAmounts
          : list
              .filter((k) => k.state.status === "won" && (k.state.amount ?? 0) > 0)
              .map((k) => k.state.amount as number);
      if (pool.length === 0) continue;
      const created = new Map<string, number>();
      for (const k of list)
        if (k.deal.created > asOf - 365 && k.deal.owner !== null)
          created.set(k.deal.owner, (created.get(k.deal.owner) ?? 0) + 1);
      segments.set(seg, {
        winWithin,
        amounts: Float64Array.from(pool),
        meanAmount: pool.reduce((s, x) => s + x, 0) / pool.length,
        created,
      });
    }
    // Months swing beyond Poisson: the last 24 full months against the year's rate x season.
    const monthly = new Map<number, number>();
    let lastYear = 0;
    for (const k of known) {
      const d = new Date(k.deal.created * DAY_MS);
      const m = d.getUTCFullYear() * 12 + d.getUTCMonth();
      monthly.set(m, (monthly.get(m) ?? 0) + 1);
      if (k.deal.created > asOf - 365) lastYear++;
    }
    const now = new Date(asOf * DAY_MS);
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    let num = 0;
    let den = 0;
    for (let m = current - 24; m < current; m++) {
      const y = Math.floor(m / 12);
      const mm = m - 12 * y;
      if (Date.UTC(y, mm, 1) / DAY_MS < first) continue;
      const days = new Date(Date.UTC(y, mm + 1, 0)).getUTCDate();
      const e = (lastYear / 365) * days * (season[mm] as number);
      const o = monthly.get(m) ?? 0;
      num += (o - e) ** 2 - e;
      den += e * e;
    }
    const shock = den > 0 ? Math.sqrt(Math.max(0, num / den)) : 0;
    return new RunRate(asOf, segments, season, owners, shock);
  }

  /**
   * Expected wins of deals created after the origin and won in (from, to], per owner and
   * segment. Each owner's yearly creation count is shrunk toward the average owner's by a
   * quarter of a year's weight.
   */
  window(from: Day, to: Day): NewPipeline[] {
    const out: NewPipeline[] = [];
    for (const [segment, h] of this.segments) {
      let total = 0;
      for (const v of h.created.values()) total += v;
      const avg = total / Math.max(1, this.owners.length);
      // Sum over creation days c in (asOf, to] of season x P(won in (from, to] | created c).
      let exposure = 0;
      for (let c = this.asOf + 1; c <= to; c++) {
        const f = this.season[new Date(c * DAY_MS).getUTCMonth()] as number;
        const hi = h.winWithin[Math.min(MAX_DAYS, to - c)] as number;
        const lo = c < from ? (h.winWithin[Math.min(MAX_DAYS, from - c)] as number) : 0;
        exposure += f * Math.max(0, hi - lo);
      }
      for (const owner of this.owners) {
        const perDay = ((h.created.get(owner) ?? 0) + 0.25 * avg) / (1.25 * 365);
        const wins = perDay * exposure;
        if (wins > 0)
          out.push({ owner, segment, wins, amounts: h.amounts, meanAmount: h.meanAmount });
      }
    }
    return out;
  }
}

function upper(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
