/**
 * A rep's territory as a portfolio: each account a holding with what it spends now, what it could
 * spend (potential), its growth over a year, the momentum of its open deals, and its open options
 * (deals) with P(win) and expected value. Where the rep's time would return most: the expected
 * value still to be realised on the account, i.e. open deals' P(win) x amount, plus, with no open
 * deal, the target account list's expected value of opening one.
 */
import type { DealScore } from "./model.js";

/** What the store knows of one account of the rep. */
export interface Holding {
  readonly account: string;
  readonly name: string | null;
  readonly segment: string | null;
  /** Annual recurring revenue now (12 x the last month's MRR). */
  readonly arr: number;
  /** ARR a year before. */
  readonly arrYearAgo: number;
  /** What it could spend: the 80th percentile ARR of paying customers of its segment. */
  readonly potential: number;
  /** Expected value on the target account list (0 when not on it). */
  readonly targetValue: number;
}

export interface PortfolioRow extends Holding {
  readonly growth: number | null;
  readonly whitespace: number;
  readonly openDeals: number;
  readonly pWin: number | null;
  readonly openValue: number;
  readonly expectedValue: number;
  readonly momentum: number | null;
  /** Expected value the rep's time could still realise here. */
  readonly returnValue: number;
}

/** Rows by return, best first. */
export function portfolio(
  holdings: readonly Holding[],
  scores: readonly DealScore[],
  amounts: ArrayLike<number>,
): PortfolioRow[] {
  const deals = new Map<
    string,
    { n: number; value: number; ev: number; best: number; momentum: number | null }
  >();
  scores.forEach((s, i) => {
    if (s.deal.account === null) return;
    const d = deals.get(s.deal.account) ?? { n: 0, value: 0, ev: 0, best: 0, momentum: null };
    const amount = amounts[i] as number;
    d.n++;
    d.value += amount;
    d.ev += s.pWin * amount;
    d.best = Math.max(d.best, s.pWin);
    if (s.input.momentum.hasUsage)
      d.momentum = Math.max(d.momentum ?? -Infinity, s.input.momentum.level);
    deals.set(s.deal.account, d);
  });
  return holdings
    .map((h) => {
      const d = deals.get(h.account);
      const ev = d?.ev ?? 0;
      return {
        ...h,
        growth: h.arrYearAgo > 0 ? h.arr / h.arrYearAgo - 1 : null,
        whitespace: Math.max(0, h.potential - h.arr),
        openDeals: d?.n ?? 0,
        pWin: d ? d.best : null,
        openValue: d?.value ?? 0,
        expectedValue: ev,
        momentum: d?.momentum ?? null,
        returnValue: d ? ev : h.targetValue,
      };
    })
    .sort((a, b) => b.returnValue - a.returnValue || b.whitespace - a.whitespace);
}
