import { type RateEstimate, rootRate } from "./beta-binomial.js";
import type { IcpSegment } from "./icp.js";
import type { Tier } from "./tiers.js";

/** The segments of one tier pooled: do the tiers really differ in what they observed? */
export interface TierSummary {
  readonly tier: Tier;
  readonly segments: number;
  readonly accounts: number;
  readonly customers: number;
  readonly arr: number;
  readonly won: number;
  readonly lost: number;
  /** Observed win rate of the tier's pooled deals (Jeffreys interval). */
  readonly winRate: RateEstimate;
  /** Geometric mean amount of the tier's won deals (unshrunk), null without amounts. */
  readonly geoMeanDeal: number | null;
}

function geoMean(xs: readonly IcpSegment[]): number | null {
  let n = 0;
  let logs = 0;
  for (const s of xs) {
    if (s.geoMeanDeal === null || s.amountDeals <= 0) continue;
    n += s.amountDeals;
    logs += s.amountDeals * Math.log(s.geoMeanDeal);
  }
  return n > 0 ? Math.exp(logs / n) : null;
}

/** Pool the segments of each tier (pass one level's segments, e.g. the leaves). */
export function summariseTiers(segments: readonly IcpSegment[], level = 0.9): TierSummary[] {
  const tiers: Tier[] = ["A", "B", "C", "D"];
  return tiers
    .map((tier) => {
      const xs = segments.filter((s) => s.tier === tier);
      const sum = (f: (s: IcpSegment) => number) => xs.reduce((a, s) => a + f(s), 0);
      const won = sum((s) => s.won);
      const lost = sum((s) => s.lost);
      return {
        tier,
        segments: xs.length,
        accounts: sum((s) => s.accounts),
        customers: sum((s) => s.customers),
        arr: sum((s) => s.arr),
        won,
        lost,
        winRate: rootRate(won, won + lost, level),
        geoMeanDeal: geoMean(xs),
      };
    })
    .filter((t) => t.segments > 0);
}
