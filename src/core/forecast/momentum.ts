/**
 * Momentum: a deal's product-usage trajectory aligned on deal age, set against the bands of won
 * and of lost deals of its segment at the same age. Level 0 sits on the lost deals' median, 1 on
 * the won deals' median; heading is the change of the level over the last two weeks; peak share
 * is today's usage over the deal's best week so far (fading deals fall below 1).
 */
import type { DealState } from "./asof.js";
import type { Day, DealRecord, UsageRecord } from "./types.js";

/** Weeks of age the bands cover; older deals are compared with the last week's band. */
export const BAND_WEEKS = 26;
const MIN_DEALS = 20;

/** One account's daily usage as a prefix sum over sorted days. */
interface Series {
  readonly days: Int32Array;
  readonly prefix: Float64Array;
}

/** Daily usage per account, for trailing averages at any day. */
export class UsageIndex {
  private readonly byAccount = new Map<string, Series>();

  constructor(usage: readonly UsageRecord[]) {
    const grouped = new Map<string, UsageRecord[]>();
    for (const u of usage) {
      const list = grouped.get(u.account);
      if (list) list.push(u);
      else grouped.set(u.account, [u]);
    }
    for (const [account, list] of grouped) {
      list.sort((a, b) => a.day - b.day);
      const days = new Int32Array(list.length);
      const prefix = new Float64Array(list.length + 1);
      list.forEach((u, i) => {
        days[i] = u.day;
        prefix[i + 1] = (prefix[i] as number) + u.value;
      });
      this.byAccount.set(account, { days, prefix });
    }
  }

  /** Sum of usage on days in (from, to]. */
  sum(account: string | null, from: Day, to: Day): number {
    const s = account === null ? undefined : this.byAccount.get(account);
    if (!s) return 0;
    return (s.prefix[upper(s.days, to)] as number) - (s.prefix[upper(s.days, from)] as number);
  }

  /** log(1 + mean daily usage over the 7 days ending at `day`). */
  level(account: string | null, day: Day): number {
    return Math.log1p(this.sum(account, day - 7, day) / 7);
  }
}

/** Index of the first element > x. */
function upper(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Percentile bands of usage level by week of age, for won and for lost deals. */
export interface Band {
  readonly p10: Float64Array;
  readonly p50: Float64Array;
  readonly p90: Float64Array;
  readonly deals: number;
}

export interface SegmentBands {
  readonly won: Band;
  readonly lost: Band;
}

/** Bands per segment (deal type), with "*" for all deals; learnt from deals closed by `asOf`. */
export class MomentumBands {
  private constructor(private readonly bands: ReadonlyMap<string, SegmentBands>) {}

  /**
   * Bands from the deals closed by `asOf` that had any usage while open; each contributes its
   * level at every week of age before it closed.
   */
  static learn(
    deals: readonly { readonly deal: DealRecord; readonly state: DealState }[],
    usage: UsageIndex,
  ): MomentumBands {
    const values = new Map<string, { won: number[][]; lost: number[][] }>();
    const slot = (seg: string) => {
      let v = values.get(seg);
      if (!v) {
        v = {
          won: Array.from({ length: BAND_WEEKS + 1 }, () => []),
          lost: Array.from({ length: BAND_WEEKS + 1 }, () => []),
        };
        values.set(seg, v);
      }
      return v;
    };
    const counts = new Map<string, { won: number; lost: number }>();
    for (const { deal, state } of deals) {
      if (state.status === "open" || state.closedOn === null) continue;
      if (usage.sum(deal.account, deal.created - 1, state.closedOn) <= 0) continue;
      const outcome = state.status;
      for (const seg of ["*", deal.type ?? "?"]) {
        const v = slot(seg)[outcome];
        const c = counts.get(seg) ?? { won: 0, lost: 0 };
        c[outcome]++;
        counts.set(seg, c);
        for (let w = 0; w <= BAND_WEEKS; w++) {
          const day = deal.created + 7 * w;
          if (day >= state.closedOn) break;
          v[w]?.push(usage.level(deal.account, day));
        }
      }
    }
    const out = new Map<string, SegmentBands>();
    for (const [seg, v] of values) {
      const c = counts.get(seg) ?? { won: 0, lost: 0 };
      if (seg !== "*" && (c.won < MIN_DEALS || c.lost < MIN_DEALS)) continue;
      out.set(seg, { won: band(v.won, c.won), lost: band(v.lost, c.lost) });
    }
    return new MomentumBands(out);
  }

  /** The bands of a segment (all deals when the segment has too few). */
  of(segment: string | null): SegmentBands | undefined {
    return this.bands.get(segment ?? "?") ?? this.bands.get("*");
  }
}

function band(byWeek: number[][], deals: number): Band {
  const n = byWeek.length;
  const b = { p10: new Float64Array(n), p50: new Float64Array(n), p90: new Float64Array(n), deals };
  let last: number[] = [];
  for (let w = 0; w < n; w++) {
    const v = (byWeek[w] ?? []).length >= 5 ? (byWeek[w] as number[]) : last;
    const sorted = [...v].sort((a, c) => a - c);
    b.p10[w] = quantile(sorted, 0.1);
    b.p50[w] = quantile(sorted, 0.5);
    b.p90[w] = quantile(sorted, 0.9);
    if (v.length > 0) last = v;
  }
  return b;
}

/** Linear-interpolated quantile of sorted values (0 when empty). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  const a = sorted[i] as number;
  const b = sorted[Math.min(sorted.length - 1, i + 1)] as number;
  return a + (b - a) * (x - i);
}

/** A deal's momentum on a day. */
export interface Momentum {
  /** Usage level (log of 1 + daily mean over a week). */
  readonly usage: number;
  /** 0 at the lost deals' median, 1 at the won deals' median, same segment and age. */
  readonly level: number;
  /** Change of `level` over the last 14 days. */
  readonly heading: number;
  /** Usage now over the best week since the deal opened (1 when no usage). */
  readonly peakShare: number;
  /** Whether the account used the product while the deal was open. */
  readonly hasUsage: boolean;
}

const NONE: Momentum = { usage: 0, level: 0, heading: 0, peakShare: 1, hasUsage: false };

/** Momentum of a deal on `day` (only usage up to that day is read). */
export function momentumAt(
  deal: DealRecord,
  day: Day,
  usage: UsageIndex,
  bands: MomentumBands,
): Momentum {
  if (usage.sum(deal.account, deal.created - 1, day) <= 0) return NONE;
  const b = bands.of(deal.type);
  const x = usage.level(deal.account, day);
  const levelAt = (d: Day, v: number) => {
    if (!b) return 0;
    const w = Math.min(BAND_WEEKS, Math.max(0, Math.floor((d - deal.created) / 7)));
    const lo = b.lost.p50[w] as number;
    const hi = b.won.p50[w] as number;
    return Math.max(-1.5, Math.min(2.5, (v - lo) / Math.max(0.25, hi - lo)));
  };
  let peak = 0;
  for (let d = deal.created; d <= day; d += 7) peak = Math.max(peak, usage.level(deal.account, d));
  peak = Math.max(peak, x);
  const level = levelAt(day, x);
  const before = Math.max(deal.created, day - 14);
  return {
    usage: x,
    level,
    heading: level - levelAt(before, usage.level(deal.account, before)),
    peakShare: peak > 0 ? x / peak : 1,
    hasUsage: true,
  };
}

/** The deal's weekly usage path from creation to `day`, with the bands at the same ages. */
export function momentumPath(
  deal: DealRecord,
  day: Day,
  usage: UsageIndex,
  bands: MomentumBands,
): {
  readonly ages: number[];
  readonly usage: number[];
  readonly bands: SegmentBands | undefined;
} {
  const ages: number[] = [];
  const values: number[] = [];
  for (let w = 0; deal.created + 7 * w <= day; w++) {
    ages.push(w);
    values.push(usage.level(deal.account, deal.created + 7 * w));
  }
  return { ages, usage: values, bands: bands.of(deal.type) };
}
