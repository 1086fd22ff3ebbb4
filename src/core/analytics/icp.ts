import { type Amount, lognormalMean, lognormalMedian } from "./amount.js";
import { CONCENTRATION_RANGE, type RateEstimate } from "./beta-binomial.js";
import type { AccountFacts } from "./facts.js";
import { get } from "./get.js";
import { segmentMetrics } from "./metrics.js";
import type { MeanEstimate } from "./normal-normal.js";
import { DEFAULT_ICP_OPTIONS, type IcpOptions } from "./options.js";
import { normalCdf, normalQuantile } from "./special.js";
import { type Tier, tierOf } from "./tiers.js";
import { buildTree, type SegmentTree } from "./tree.js";
import { type LogValue, logLifetime, logLognormalMean, logProduct, logRate } from "./value.js";

/** One segment of the ICP table: its book of business, shrunk metrics with intervals, and tier. */
export interface IcpSegment {
  readonly key: string;
  /** 0 = all accounts, 1 = first dimension, ... */
  readonly level: number;
  /** Dimension name -> value, for the dimensions this level fixes. */
  readonly dims: Readonly<Record<string, string>>;
  readonly parentKey: string | null;
  readonly accounts: number;
  readonly customers: number;
  /** Current annual recurring revenue (12 x MRR at T), not shrunk. */
  readonly arr: number;
  readonly openPipeline: number;
  readonly won: number;
  readonly lost: number;
  /** Won new-business deals with an amount, and the geometric mean of those amounts (unshrunk). */
  readonly amountDeals: number;
  readonly geoMeanDeal: number | null;
  /** Win rate of new-business deals closed in the window. */
  readonly winRate: RateEstimate;
  /** Average contract value of won new-business deals. */
  readonly acv: Amount | null;
  /** Median days from creation to close of won new-business deals. */
  readonly cycleDays: Amount | null;
  /** Mean ARR per current customer. */
  readonly arrPerCustomer: Amount | null;
  /** Potential annual spend: the `potentialQuantile` of ARR among the segment's customers. */
  readonly potentialArr: Amount | null;
  /** Share of last year's customers still paying (logo retention), null without revenue. */
  readonly logoRetention: RateEstimate | null;
  /** Net / gross revenue retention over 12 months, null without revenue a year ago. */
  readonly nrr: MeanEstimate | null;
  readonly grr: MeanEstimate | null;
  /** Share of last year's customers now paying more. */
  readonly expansionRate: RateEstimate | null;
  /** Customer lifetime value: annual revenue x margin x expected lifetime. */
  readonly clv: Amount | null;
  /** Expected lifetime value of one new-business opportunity: win rate x CLV (tiers rank this). */
  readonly value: Amount | null;
  /** Posterior probability that `value` beats the all-accounts value. */
  readonly pAboveAverage: number | null;
  readonly tier: Tier | null;
  /** Rank by value within its level (1 = best). */
  readonly rank: number;
}

/** The fitted hyper-parameters per level: how much segments of that level really differ. */
export interface IcpLevelFit {
  readonly level: number;
  readonly dimension: string | null;
  readonly segments: number;
  /** Beta prior concentration of the win rate (large = segments barely differ). */
  readonly winRateConcentration: number | null;
  /** Between-segment standard deviation of ln(ACV). */
  readonly acvLogSd: number | null;
}

/** The ICP segment table with the assumptions and fits behind it. */
export interface IcpTable {
  readonly dimensions: readonly string[];
  readonly segments: readonly IcpSegment[];
  readonly levels: readonly IcpLevelFit[];
  readonly options: IcpOptions;
  /**
   * How much deals of one account are alike (Kish design effect, 1 = independent): win-rate and
   * amount evidence is divided by it, so 100 deals of 2 accounts do not count as 100 accounts.
   */
  readonly designEffects: {
    readonly winRate: number;
    readonly acv: number;
    readonly cycle: number;
  };
  /** Plain-language caveats (e.g. no revenue history: churn assumed). */
  readonly notes: readonly string[];
}

function amountOrNull(ok: boolean, a: Amount): Amount | null {
  return ok ? a : null;
}

/** A quantile of a log-normal spend: exp(shrunk mean of ln + z x within sd). */
function spendQuantile(e: MeanEstimate, within: number, zq: number): Amount {
  const shift = zq * Math.sqrt(Math.max(0, within));
  return {
    mean: Math.exp(e.mean + shift),
    lo: Math.exp(e.lo + shift),
    hi: Math.exp(e.hi + shift),
    observed: e.observed === null ? null : Math.exp(e.observed + shift),
    n: e.n,
  };
}

function intervalOf(v: LogValue, z: number): Amount {
  const sd = Math.sqrt(v.logVariance);
  return {
    mean: Math.exp(v.logMean),
    lo: Math.exp(v.logMean - z * sd),
    hi: Math.exp(v.logMean + z * sd),
    observed: null,
    n: 0,
  };
}

/**
 * Build the ICP table: segments nested by the dimensions in order (all -> d1 -> d1 x d2 ...),
 * every metric shrunk toward the parent segment by empirical Bayes, tiers from the posterior
 * probability that a segment's value per opportunity beats the average.
 */
export function icpTable(
  facts: Iterable<AccountFacts>,
  dimensions: readonly string[],
  options: Partial<IcpOptions> = {},
): IcpTable {
  const o: IcpOptions = { ...DEFAULT_ICP_OPTIONS, ...options };
  const tree = buildTree(facts, dimensions);
  return tableFromTree(tree, o);
}

function tableFromTree(tree: SegmentTree, o: IcpOptions): IcpTable {
  const lvl = o.level;
  const z = normalQuantile(1 - (1 - lvl) / 2);
  const zq = normalQuantile(o.potentialQuantile);
  const { win, acv, cyc, arr, ret, exp, nrr, grr } = segmentMetrics(tree, o);

  const root = get(tree.nodes, 0).stats;
  const hasDeals = root.newWon + root.newLost > 0;
  const hasAmounts = root.amountN > 0;
  const hasCycles = root.cycleN > 0;
  const hasRevenue = root.customers > 0;
  const hasCohort = root.cohort > 0;
  const notes: string[] = [];
  if (!hasDeals) notes.push("no closed new-business deals in the window: win rates are unknown");
  if (!hasRevenue)
    notes.push(
      "no recurring revenue at the as-of date: annual revenue is the average contract value",
    );
  if (!hasCohort)
    notes.push(
      `no revenue a year before the as-of date: retention is unknown, lifetime assumes ${Math.round(o.churnWhenUnknown * 100)}% annual churn`,
    );

  const values: (LogValue | null)[] = tree.nodes.map((_, i) => {
    if (!hasDeals) return null;
    const rev = hasRevenue
      ? logLognormalMean(get(arr.estimates, i), get(arr.withinVariance, get(tree.nodes, i).level))
      : hasAmounts
        ? logLognormalMean(get(acv.estimates, i), get(acv.withinVariance, get(tree.nodes, i).level))
        : null;
    if (!rev) return null;
    const life = hasCohort
      ? logLifetime(get(ret.estimates, i), o.maxLifetimeYears)
      : {
          logMean: -Math.log(Math.max(o.churnWhenUnknown, 1 / o.maxLifetimeYears)),
          logVariance: 0,
        };
    return logProduct(logRate(get(win.estimates, i)), rev, life, {
      logMean: Math.log(o.margin),
      logVariance: 0,
    });
  });
  const rootValue = values[0] ?? null;

  const segments: IcpSegment[] = tree.nodes.map((n, i) => {
    const s = n.stats;
    const v = values[i] ?? null;
    const clvLog = v
      ? {
          logMean: v.logMean - logRate(get(win.estimates, i)).logMean,
          logVariance: Math.max(0, v.logVariance - logRate(get(win.estimates, i)).logVariance),
        }
      : null;
    let p: number | null = null;
    if (v && rootValue) {
      const sd = Math.sqrt(v.logVariance);
      const d = v.logMean - rootValue.logMean;
      p = sd > 0 ? normalCdf(d / sd) : d > 0 ? 1 : d < 0 ? 0 : 0.5;
    }
    const dims: Record<string, string> = {};
    n.values.forEach((x, k) => {
      dims[tree.dimensions[k] ?? `d${k}`] = x;
    });
    const w = get(acv.withinVariance, n.level);
    return {
      key: n.key,
      level: n.level,
      dims,
      parentKey: n.parent >= 0 ? get(tree.nodes, n.parent).key : null,
      accounts: s.accounts,
      customers: s.customers,
      arr: s.arr,
      openPipeline: s.openPipeline,
      won: s.newWon,
      lost: s.newLost,
      amountDeals: s.amountN,
      geoMeanDeal: s.amountN > 0 ? Math.exp(s.logAmountSum / s.amountN) : null,
      winRate: get(win.estimates, i),
      acv: amountOrNull(hasAmounts, lognormalMean(get(acv.estimates, i), w)),
      cycleDays: amountOrNull(hasCycles, lognormalMedian(get(cyc.estimates, i))),
      arrPerCustomer: amountOrNull(
        hasRevenue,
        lognormalMean(get(arr.estimates, i), get(arr.withinVariance, n.level)),
      ),
      potentialArr: amountOrNull(
        hasRevenue,
        spendQuantile(get(arr.estimates, i), get(arr.withinVariance, n.level), zq),
      ),
      logoRetention: hasCohort ? get(ret.estimates, i) : null,
      nrr: hasCohort ? get(nrr.estimates, i) : null,
      grr: hasCohort ? get(grr.estimates, i) : null,
      expansionRate: hasCohort ? get(exp.estimates, i) : null,
      clv: clvLog ? intervalOf(clvLog, z) : null,
      value: v ? intervalOf(v, z) : null,
      pAboveAverage: p,
      tier: p === null || n.level === 0 ? null : tierOf(p, o.tierConfidence),
      rank: 0,
    };
  });
  const ranked = rankWithinLevels(segments);
  const levels: IcpLevelFit[] = tree.levels.map((ids, l) => ({
    level: l,
    dimension: l === 0 ? null : (tree.dimensions[l - 1] ?? null),
    segments: ids.length,
    winRateConcentration: l === 0 ? null : (win.concentration[l] ?? null),
    acvLogSd: l === 0 ? null : Math.sqrt(acv.betweenVariance[l] ?? 0),
  }));
  for (const l of levels) {
    if (l.level > 0 && hasDeals && (l.winRateConcentration ?? 0) >= CONCENTRATION_RANGE.max * 0.99)
      notes.push(
        `win rates by ${l.dimension} differ no more than chance explains: the best fit pools them into the parent level (intervals keep the doubt)`,
      );
    if (l.level > 0 && hasAmounts && l.acvLogSd === 0)
      notes.push(
        `deal sizes by ${l.dimension} differ no more than chance explains: the best fit pools them too`,
      );
  }
  return {
    dimensions: tree.dimensions,
    segments: ranked,
    levels,
    options: o,
    designEffects: { winRate: win.designEffect, acv: acv.designEffect, cycle: cyc.designEffect },
    notes,
  };
}

function rankWithinLevels(segments: readonly IcpSegment[]): IcpSegment[] {
  const byLevel = new Map<number, number[]>();
  segments.forEach((s, i) => {
    const ids = byLevel.get(s.level);
    if (ids) ids.push(i);
    else byLevel.set(s.level, [i]);
  });
  const rank = new Array<number>(segments.length).fill(0);
  for (const ids of byLevel.values()) {
    const key = (i: number) => {
      const v = get(segments, i).value?.mean ?? get(segments, i).winRate.mean;
      return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
    };
    ids.sort((a, b) => key(b) - key(a));
    ids.forEach((i, r) => {
      rank[i] = r + 1;
    });
  }
  return segments.map((s, i) => ({ ...s, rank: rank[i] ?? 0 }));
}
