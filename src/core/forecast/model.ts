/**
 * The deal model as of a date: a landmark hazard. Each deal is read at landmarks (every four weeks
 * of its life) and followed week by week after each; the weekly won/lost hazard is learnt from
 * every such week that had ended by the origin (only facts known then), with the covariates read
 * at the landmark and the weeks since it. Scoring reads each open deal at the origin the same way:
 * P(win), P(win by a date), the close-date distribution if won. The model learns what a deal read
 * in a given state goes on to do, so stage, category and momentum need no forecast of their own.
 */

import { seeded } from "../random.js";
import { type DealState, dealAt } from "./asof.js";
import { FeatureSpace, type RowInput } from "./features.js";
import {
  CONTINUE,
  fitHazard,
  type HazardData,
  type HazardModel,
  LOST,
  WON,
  weekHazard,
  winSchedule,
} from "./hazard.js";
import { MomentumBands, momentumAt, UsageIndex } from "./momentum.js";
import type { Day, DealRecord, ForecastInput } from "./types.js";

export interface DealModelOptions {
  /** Days of history the hazard learns from (default 3 years). */
  readonly lookbackDays?: number;
  /** Weeks ahead scored week by week (default 52; the last week's hazards hold beyond). */
  readonly horizonWeeks?: number;
  /**
   * Prior sd of the hazard's coefficients, a penalty that does not grow with the data (see
   * fitHazard; default 1). Ignored when `l2` is given.
   */
  readonly priorSd?: number;
  /** L2 penalty on the mean log-likelihood scale instead of the prior (e.g. 1e-3). */
  readonly l2?: number;
  /** Bins of the weeks to the expected close date as covariates (see FeatureSpace; default on). */
  readonly closeBins?: boolean;
  /**
   * Deal type x log weeks ahead as covariates (default off): each type's own timing, e.g.
   * renewals that close on schedule. On the synthetic markets it fixes renewals' P(win) (0.870
   * against 0.879 won, was 0.820) and lowers the quarter's P50 error, but with `trend` its
   * intervals run wide on three seeds of six (93% inside P10-P90): see the README.
   */
  readonly typeTiming?: boolean;
  /** A linear trend in time over the training window (default off; `RowInput.yearsBefore`). */
  readonly trend?: boolean;
  /**
   * Choose the penalty by a time split (default off): fit on the weeks that had ended 13 weeks
   * before the origin, score the log-likelihood of the 13 weeks after, keep the best of the
   * mean-scale penalty 1e-3 and priors of sd 0.1, 0.3, 1 and 3, then refit on every week.
   */
  readonly tune?: boolean;
  /** Deal-weeks kept for the fit (default 80,000; weeks that go on are sampled above it). */
  readonly maxRows?: number;
  /** Seed of that sample (default 1). */
  readonly seed?: number;
  /** Days between the landmarks a deal is read at while learning (default 28). */
  readonly landmarkDays?: number;
  /** Strength of the owner's win-rate prior, in deals (default 10). */
  readonly repPrior?: number;
  /**
   * Half-life in days of a training week's weight, counted back from the origin (default:
   * none, all history alike). Win rates and cycles drift (a market's best accounts are won
   * first); a half-life lets the model follow recent rates, at the price of fewer effective rows.
   */
  readonly halfLifeDays?: number;
}

/** One open deal scored as of the origin. */
export interface DealScore {
  readonly deal: DealRecord;
  readonly state: DealState;
  readonly input: RowInput;
  /** P(won in week k), k = 0 for the 7 days after the origin. */
  readonly weekly: Float64Array;
  /** P(won at all). */
  readonly pWin: number;
  /**
   * The amount the deal is expected to close at if won: the amount known at the origin times
   * the ratio of won to then-recorded amounts learnt from history (`AmountRealisation`); null
   * when no amount was known.
   */
  readonly amountIfWon: number | null;
}

/** A fitted deal model. */
export class DealModel {
  private constructor(
    readonly asOf: Day,
    readonly space: FeatureSpace,
    readonly hazard: HazardModel,
    readonly bands: MomentumBands,
    readonly usage: UsageIndex,
    readonly trainingRows: number,
    private readonly repLogit: (owner: string | null, day: Day) => number,
    private readonly horizon: number,
    /** Won amount over the amount recorded before, by stage (see `AmountRealisation`). */
    readonly realisation: AmountRealisation,
    /**
     * How much the wins of a calendar month swing beyond chance around what the model expected
     * (sd of a common multiplicative shock, from the training weeks of the last two years): the
     * forecast draws such a shock to widen its intervals honestly.
     */
    readonly shock: number,
  ) {}

  /** Learn from what was known at the end of day `asOf`. */
  static fit(input: ForecastInput, asOf: Day, options: DealModelOptions = {}): DealModel {
    const lookback = options.lookbackDays ?? 3 * 365;
    const usage = new UsageIndex(input.usage.filter((u) => u.day <= asOf));
    const known: { deal: DealRecord; state: DealState }[] = [];
    for (const deal of input.deals) {
      const state = dealAt(deal, asOf);
      if (state) known.push({ deal, state });
    }
    const bands = MomentumBands.learn(known, usage);
    const repLogit = ownerRecord(known, options.repPrior ?? 10);
    const horizon = options.horizonWeeks ?? 52;
    const spacing = options.landmarkDays ?? 28;
    const rows: { input: RowInput; day: Day; y: number }[] = [];
    const realisation = new AmountRealisation();
    for (const { deal, state: now } of known) {
      const closedOn = now.status === "open" ? null : now.closedOn;
      // Landmarks on one calendar grid ending a week before the origin (every `spacing` days):
      // deals are read at them the way open deals are read at an origin, at any age. Each is
      // followed week by week until the deal closed, the horizon, or the last week that had
      // ended by the origin.
      const last = asOf - 7;
      const first = Math.max(deal.created, asOf - lookback);
      for (let s = last - spacing * Math.floor((last - first) / spacing); s <= last; s += spacing) {
        const state = dealAt(deal, s);
        if (state?.status !== "open") continue;
        if (now.status === "won") realisation.add(state, now.amount);
        const input: RowInput = {
          origin: s,
          deal,
          state,
          momentum: momentumAt(deal, s, usage, bands),
          repLogit: repLogit(deal.owner, s + 1),
          yearsBefore: (asOf - s) / 365,
        };
        for (let j = 0; j < horizon && s + 7 * j + 7 <= asOf; j++) {
          const end = s + 7 * j + 7;
          const closes = closedOn !== null && closedOn <= end;
          const y = closes ? (now.status === "won" ? WON : LOST) : CONTINUE;
          rows.push({ input, day: s + 7 * j, y });
          if (closes) break;
        }
      }
    }
    // Weeks that go on far outnumber closes: above `maxRows`, a seeded sample of them is kept
    // with weight 1/rate (unbiased for the likelihood), every close is kept.
    const events = rows.reduce((n, r) => n + (r.y === CONTINUE ? 0 : 1), 0);
    const rate = Math.min(
      1,
      Math.max(0.05, ((options.maxRows ?? 80_000) - events) / Math.max(1, rows.length - events)),
    );
    const rng = seeded(options.seed ?? 1);
    const kept = rate >= 1 ? rows : rows.filter((r) => r.y !== CONTINUE || rng.next() < rate);
    const space = FeatureSpace.learn(kept, {
      closeBins: options.closeBins ?? true,
      typeTiming: options.typeTiming ?? false,
      trend: options.trend ?? false,
    });
    const p = space.width;
    const x = new Float64Array(kept.length * p);
    const y = new Uint8Array(kept.length);
    const weights = new Float64Array(kept.length);
    const sampling = new Float64Array(kept.length);
    const halfLife = options.halfLifeDays ?? Number.POSITIVE_INFINITY;
    kept.forEach((r, i) => {
      space.encode(r.input, r.day, x, i * p);
      y[i] = r.y;
      sampling[i] = r.y === CONTINUE ? 1 / rate : 1;
      weights[i] = (sampling[i] as number) * 0.5 ** ((asOf - r.day) / halfLife);
    });
    const data = { x, y, rows: kept.length, width: p, weights };
    const penalty =
      options.tune && options.l2 === undefined
        ? timeSplitPenalty(
            data,
            Float64Array.from(kept, (r) => r.day),
            asOf - 91,
          )
        : options.l2 !== undefined
          ? { l2: options.l2 }
          : { priorSd: options.priorSd ?? 1 };
    const hazard = fitHazard(data, penalty);
    const shock = monthlyShock(kept, x, y, sampling, hazard, asOf);
    const model = new DealModel(
      asOf,
      space,
      hazard,
      bands,
      usage,
      rows.length,
      repLogit,
      horizon,
      realisation.fit(),
      shock,
    );
    model.penalty = penalty;
    return model;
  }

  /** The penalty the hazard was fitted with (chosen by the time split with `tune`). */
  penalty: { readonly l2?: number; readonly priorSd?: number } = {};

  /** Score every deal open at the origin. */
  scoreOpen(deals: readonly DealRecord[]): DealScore[] {
    const out: DealScore[] = [];
    const buf = new Float64Array(this.space.width);
    const won = new Float64Array(this.horizon);
    const lost = new Float64Array(this.horizon);
    for (const deal of deals) {
      const state = dealAt(deal, this.asOf);
      if (state?.status !== "open") continue;
      const input: RowInput = {
        origin: this.asOf,
        deal,
        state,
        momentum: momentumAt(deal, this.asOf, this.usage, this.bands),
        repLogit: this.repLogit(deal.owner, this.asOf + 1),
        yearsBefore: 0,
      };
      for (let k = 0; k < this.horizon; k++) {
        this.space.encode(input, this.asOf + 7 * k, buf, 0);
        const h = weekHazard(this.hazard, buf);
        won[k] = h.won;
        lost[k] = h.lost;
      }
      const s = winSchedule(won, lost);
      out.push({
        deal,
        state,
        input,
        weekly: s.weekly,
        pWin: Math.min(1, s.eventual),
        amountIfWon:
          state.amount !== null && state.amount > 0
            ? // whole units: the Monte Carlo adds and takes back amounts in float32 draws, exact
              // for whole numbers (fractions would leave crumbs below zero)
              Math.round(state.amount * this.realisation.ratio(state.stage))
            : null,
      });
    }
    return out;
  }

  /** Coefficients by covariate name (won and lost hazard, log-odds against going on). */
  coefficients(): { name: string; won: number; lost: number }[] {
    return this.space.names.map((name, j) => ({
      name,
      won: this.hazard.won[j] as number,
      lost: this.hazard.lost[j] as number,
    }));
  }
}

/**
 * The penalty whose fit on the deal-weeks ended by `cut` gives the best log-likelihood of the
 * weeks after it (the default prior, sd 1, when the later weeks hold fewer than 30 closes).
 */
function timeSplitPenalty(
  data: HazardData,
  day: Float64Array,
  cut: Day,
): { l2?: number; priorSd?: number } {
  const fallback = { priorSd: 1 };
  const p = data.width;
  const train: number[] = [];
  const test: number[] = [];
  let closes = 0;
  for (let i = 0; i < data.rows; i++) {
    const d = day[i] as number;
    if (d + 7 <= cut) train.push(i);
    else if (d >= cut) {
      test.push(i);
      if (data.y[i] !== CONTINUE) closes++;
    }
  }
  if (closes < 30 || train.length < 100) return fallback;
  const subset = (idx: readonly number[]): HazardData => {
    const x = new Float64Array(idx.length * p);
    const y = new Uint8Array(idx.length);
    const weights = new Float64Array(idx.length);
    idx.forEach((i, k) => {
      x.set(data.x.subarray(i * p, (i + 1) * p), k * p);
      y[k] = data.y[i] as number;
      weights[k] = data.weights ? (data.weights[i] as number) : 1;
    });
    return { x, y, rows: idx.length, width: p, weights };
  };
  const fitOn = subset(train);
  const held = subset(test);
  let best = fallback as { l2?: number; priorSd?: number };
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const candidate of [
    { l2: 1e-3 },
    ...[0.1, 0.3, 3].map((priorSd) => ({ priorSd })),
    fallback,
  ]) {
    const m = fitHazard(fitOn, candidate);
    let loss = 0;
    for (let i = 0; i < held.rows; i++) {
      const h = weekHazard(m, held.x, i * p);
      const yi = held.y[i];
      const pr = yi === WON ? h.won : yi === LOST ? h.lost : 1 - h.won - h.lost;
      loss -= (held.weights?.[i] ?? 1) * Math.log(Math.max(pr, 1e-12));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = candidate;
    }
  }
  return best;
}

/**
 * Method-of-moments sd of a common multiplicative shock on monthly wins: observed O_m against
 * expected E_m (sum of fitted won hazards) per calendar month; Var(O - E) beyond the Bernoulli
 * variance, over sum E_m^2.
 */
function monthlyShock(
  rows: readonly { day: Day }[],
  x: Float64Array,
  y: Uint8Array,
  weights: Float64Array,
  model: HazardModel,
  asOf: Day,
): number {
  const by = new Map<number, { o: number; e: number; v: number }>();
  const p = model.width;
  rows.forEach((r, i) => {
    if (r.day < asOf - 730) return;
    const month = Math.floor(r.day / 30.44);
    const h = weekHazard(model, x, i * p).won;
    const w = weights[i] as number;
    const m = by.get(month) ?? { o: 0, e: 0, v: 0 };
    m.o += y[i] === WON ? 1 : 0;
    m.e += w * h;
    m.v += w * h * (1 - h);
    by.set(month, m);
  });
  let num = 0;
  let den = 0;
  for (const m of by.values()) {
    if (m.e < 5) continue;
    num += (m.o - m.e) ** 2 - m.v;
    den += m.e * m.e;
  }
  return den > 0 ? Math.sqrt(Math.max(0, num / den)) : 0;
}

/** P(won in (origin, day]) from a weekly schedule (the week holding `day` pro rata). */
export function winBy(
  score: { readonly weekly: ArrayLike<number> },
  origin: Day,
  day: Day,
): number {
  if (day <= origin) return 0;
  const weeks = (day - origin) / 7;
  let p = 0;
  const full = Math.floor(weeks);
  for (let k = 0; k < Math.min(full, score.weekly.length); k++) p += score.weekly[k] as number;
  if (full < score.weekly.length) p += (weeks - full) * (score.weekly[full] as number);
  return p;
}

/**
 * Quantile `q` of the close date given the deal is won (within the scored horizon; undefined
 * when it would fall beyond it).
 */
export function closeQuantile(score: DealScore, origin: Day, q: number): Day | undefined {
  let total = 0;
  for (const v of score.weekly) total += v;
  if (total <= 0) return undefined;
  const target = q * score.pWin;
  let cum = 0;
  for (let k = 0; k < score.weekly.length; k++) {
    const v = score.weekly[k] as number;
    if (cum + v >= target && v > 0) return Math.round(origin + 7 * (k + (target - cum) / v));
    cum += v;
  }
  return undefined;
}

/**
 * The owner's win record as of a day, as a log-odds offset from the company's rate at that day:
 * wins and closes of the owner's deals closed before the day, shrunk toward the company's rate
 * by `prior` deals. Training reads it at each landmark, scoring at the origin, so a training row
 * never sees outcomes that came after it (the record a scored deal gets is the one its owner had
 * then; a deal's own outcome is never in its record).
 */
export function ownerRecord(
  known: readonly { deal: DealRecord; state: DealState }[],
  prior: number,
): (owner: string | null, day: Day) => number {
  type Closes = { days: Float64Array; wins: Float64Array };
  const build = (list: { day: Day; won: boolean }[]): Closes => {
    list.sort((a, b) => a.day - b.day);
    const days = new Float64Array(list.length);
    const wins = new Float64Array(list.length);
    let w = 0;
    list.forEach((c, i) => {
      if (c.won) w++;
      days[i] = c.day;
      wins[i] = w;
    });
    return { days, wins };
  };
  /** Closes strictly before `day`, and how many of them were won. */
  const before = (c: Closes, day: Day): { n: number; w: number } => {
    let lo = 0;
    let hi = c.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c.days[mid] as number) < day) lo = mid + 1;
      else hi = mid;
    }
    return { n: lo, w: lo > 0 ? (c.wins[lo - 1] as number) : 0 };
  };
  const all: { day: Day; won: boolean }[] = [];
  const byOwner = new Map<string, { day: Day; won: boolean }[]>();
  for (const { deal, state } of known) {
    if (state.status === "open" || state.closedOn === null) continue;
    const c = { day: state.closedOn, won: state.status === "won" };
    all.push(c);
    if (deal.owner === null) continue;
    const list = byOwner.get(deal.owner) ?? [];
    list.push(c);
    byOwner.set(deal.owner, list);
  }
  const company = build(all);
  const owners = new Map([...byOwner].map(([k, v]) => [k, build(v)]));
  return (owner, day) => {
    const c = before(company, day);
    const base = (c.w + 1) / (c.n + 2);
    const r = owner === null ? undefined : owners.get(owner);
    const o = r ? before(r, day) : { n: 0, w: 0 };
    const rate = (o.w + prior * base) / (o.n + prior);
    return Math.log(rate / (1 - rate)) - Math.log(base / (1 - base));
  };
}

/**
 * How recorded amounts of open deals turn into won amounts: reps' early amounts are often
 * optimistic and settle (or grow) by the close. Learnt from the readings of deals that were won
 * by the origin (each open reading's amount against the deal's won amount, summed by the stage it
 * was in), as the ratio of sums per stage, shrunk toward the ratio over all stages by `prior`
 * readings' worth of amount. 1 when amounts do not change (or nothing was won yet).
 */
export class AmountRealisation {
  private readonly byStage = new Map<string, { read: number; won: number; n: number }>();
  private all = { read: 0, won: 0, n: 0 };
  private ratios = new Map<string, number>();
  private pooled = 1;

  constructor(private readonly prior = 20) {}

  /** One reading of a deal later won at `wonAmount`. */
  add(state: DealState, wonAmount: number | null): void {
    if (state.amount === null || !(state.amount > 0) || wonAmount === null || !(wonAmount > 0))
      return;
    const key = state.stage ?? "";
    const r = this.byStage.get(key) ?? { read: 0, won: 0, n: 0 };
    r.read += state.amount;
    r.won += wonAmount;
    r.n++;
    this.byStage.set(key, r);
    this.all.read += state.amount;
    this.all.won += wonAmount;
    this.all.n++;
  }

  fit(): this {
    this.pooled = this.all.n > 0 ? this.all.won / this.all.read : 1;
    this.ratios = new Map(
      [...this.byStage].map(([k, r]) => {
        const mean = r.read / r.n;
        return [k, (r.won + this.prior * mean * this.pooled) / (r.read + this.prior * mean)];
      }),
    );
    return this;
  }

  /** The expected won amount per unit of amount recorded in `stage`. */
  ratio(stage: string | null): number {
    return this.ratios.get(stage ?? "") ?? this.pooled;
  }
}
