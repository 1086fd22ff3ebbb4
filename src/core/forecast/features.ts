/**
 * Covariates of a deal in a given week after a landmark (the day its state was read): weeks since
 * the landmark (alone and by stage: a deal read in an early stage moves on), age, stage and days in it, amount and its change,
 * close-date pushes and how far the expected close date is, momentum, forecast category, segment
 * and the owner's record. Numeric covariates are standardised with the training rows' means; the
 * space (stages, scales) is learnt once per fit and then fixed.
 */
import { type ForecastCategory, OPPORTUNITY_TYPES } from "../model/entities.js";
import type { DealState } from "./asof.js";
import type { Momentum } from "./momentum.js";
import type { Day, DealRecord } from "./types.js";

/** The open deals' forecast categories (canonical, as imports write them). */
export const CATEGORIES = [
  "commit",
  "best_case",
  "pipeline",
] as const satisfies readonly ForecastCategory[];
/** Deal types as imports canonicalise them (entity `opportunities`, field `type`). */
export const TYPES = OPPORTUNITY_TYPES;
const MAX_STAGES = 10;

/**
 * Bins of the days from the start of a week to the expected close date known at the landmark
 * (upper bounds; the week covers days 1..7). Wins cluster in the week their expected close date
 * falls in, a spike no smooth function of months to close can draw: a linear logit spreads it
 * over the weeks before, which makes wins look weeks early. One indicator per bin instead.
 */
const TO_CLOSE_BINS = [-56, -28, -14, 0, 7, 14, 28, 56, 91] as const;
const TO_CLOSE_NAMES = [
  "due<=-8w",
  "due-8w..-4w",
  "due-4w..-2w",
  "due-2w..0",
  "due_this_week",
  "due_next_week",
  "due_2w..4w",
  "due_4w..8w",
  "due_8w..13w",
  "due>13w",
] as const;

/** Names of the numeric covariates, in column order after the intercept. */
export const NUMERIC = [
  "log_weeks_ahead",
  "weeks_ahead",
  "first_week_ahead",
  "weeks_ahead_1_to_4",
  "weeks_ahead_x_months_to_close",
  "log_age_weeks",
  "age_years",
  "log_weeks_in_stage",
  "log_amount",
  "amount_missing",
  "amount_change",
  "log_pushes",
  "months_overdue",
  "months_to_close",
  "close_date_missing",
  "momentum_level",
  "momentum_heading",
  "usage_peak_share",
  "has_usage",
  "rep_win_logit",
] as const;

/** What a row is computed from: the deal, its state, its momentum and the owner's record. */
export interface RowInput {
  /** The landmark: the day state, momentum and record were read. */
  readonly origin: Day;
  readonly deal: DealRecord;
  readonly state: DealState;
  readonly momentum: Momentum;
  readonly repLogit: number;
  /**
   * Years from the landmark to the model's origin (0 when scoring): a linear trend over the
   * training window, so rates that drift (a market's best accounts won first) are read as they
   * stand at the origin rather than as the window's average. A covariate only in a space learnt
   * with `trend`.
   */
  readonly yearsBefore: number;
}

/** The learnt covariate layout. */
export class FeatureSpace {
  readonly width: number;
  readonly names: readonly string[];
  private readonly stageIndex: ReadonlyMap<string, number>;
  private readonly mean: Float64Array;
  private readonly sd: Float64Array;
  private readonly meanLogAmount: number;

  private constructor(
    readonly stages: readonly string[],
    meanLogAmount: number,
    mean: Float64Array,
    sd: Float64Array,
    /** Whether the weeks-to-expected-close bins are covariates. */
    readonly closeBins: boolean,
    /** Whether deal type x log weeks ahead are covariates (a type's own timing). */
    readonly typeTiming: boolean = false,
    /** Mean and sd of the years before the origin when they are a covariate (trend), else null. */
    readonly trend: { readonly mean: number; readonly sd: number } | null = null,
  ) {
    this.stageIndex = new Map(stages.map((s, i) => [s, i]));
    this.names = [
      "intercept",
      ...NUMERIC,
      ...stages.map((s) => `stage=${s}`),
      "stage=other",
      ...stages.map((s) => `weeks_ahead:stage=${s}`),
      "weeks_ahead:stage=other",
      ...CATEGORIES.map((c) => `category=${c}`),
      ...TYPES.map((t) => `type=${t}`),
      ...(typeTiming ? TYPES.map((t) => `weeks_ahead:type=${t}`) : []),
      ...(trend ? ["years_before_origin"] : []),
      ...(closeBins ? TO_CLOSE_NAMES : []),
    ];
    this.width = this.names.length;
    this.mean = mean;
    this.sd = sd;
    this.meanLogAmount = meanLogAmount;
  }

  /**
   * A space for these rows: the most common open stages (in the order deals pass through them),
   * and the scales of the numeric covariates.
   */
  static learn(
    rows: readonly { input: RowInput; day: Day }[],
    options: {
      readonly closeBins?: boolean;
      readonly typeTiming?: boolean;
      readonly trend?: boolean;
    } = {},
  ): FeatureSpace {
    const closeBins = options.closeBins ?? true;
    const typeTiming = options.typeTiming ?? false;
    const count = new Map<string, { n: number; age: number }>();
    let sumLog = 0;
    let nLog = 0;
    for (const { input, day } of rows) {
      const s = input.state.fromHistory ? input.state.stage : null;
      if (s !== null) {
        const c = count.get(s) ?? { n: 0, age: 0 };
        c.n++;
        c.age += day - input.state.stageSince + (input.state.stageSince - input.deal.created);
        count.set(s, c);
      }
      const a = input.state.amount;
      if (a !== null && a > 0) {
        sumLog += Math.log(a);
        nLog++;
      }
    }
    const stages = [...count.entries()]
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, MAX_STAGES)
      .sort((a, b) => a[1].age / a[1].n - b[1].age / b[1].n)
      .map(([s]) => s);
    const meanLogAmount = nLog > 0 ? sumLog / nLog : 0;
    const k = NUMERIC.length;
    const probe = new FeatureSpace(
      stages,
      meanLogAmount,
      new Float64Array(k),
      new Float64Array(k).fill(1),
      closeBins,
      typeTiming,
    );
    const sum = new Float64Array(k);
    const sq = new Float64Array(k);
    const buf = new Float64Array(probe.width);
    for (const { input, day } of rows) {
      probe.encode(input, day, buf, 0);
      for (let j = 0; j < k; j++) {
        const v = buf[1 + j] as number;
        sum[j] = (sum[j] as number) + v;
        sq[j] = (sq[j] as number) + v * v;
      }
    }
    const n = Math.max(1, rows.length);
    const mean = new Float64Array(k);
    const sd = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      mean[j] = (sum[j] as number) / n;
      const v = (sq[j] as number) / n - (mean[j] as number) ** 2;
      sd[j] = v > 1e-12 ? Math.sqrt(v) : 1;
    }
    let trend: { mean: number; sd: number } | null = null;
    if (options.trend) {
      let t = 0;
      let t2 = 0;
      for (const { input } of rows) {
        t += input.yearsBefore;
        t2 += input.yearsBefore ** 2;
      }
      const m = t / n;
      const v = t2 / n - m * m;
      trend = { mean: m, sd: v > 1e-12 ? Math.sqrt(v) : 1 };
    }
    return new FeatureSpace(stages, meanLogAmount, mean, sd, closeBins, typeTiming, trend);
  }

  /**
   * Write the covariates of the deal in the week starting at `day` into `out` at `offset`. The
   * state and momentum are those known at the landmark (`input.origin`); `day` may lie ahead of
   * it: weeks ahead, age, time in stage and distance to the expected close date move on.
   */
  encode(input: RowInput, day: Day, out: Float64Array, offset: number): void {
    const { deal, state, momentum } = input;
    const ageWeeks = Math.max(0, (day - deal.created) / 7);
    const amount = state.amount !== null && state.amount > 0 ? state.amount : null;
    const first = state.firstAmount !== null && state.firstAmount > 0 ? state.firstAmount : null;
    const toClose = state.closeDate === null ? 0 : (state.closeDate - day) / 30;
    const ahead = Math.max(0, (day - input.origin) / 7);
    const raw = [
      Math.log1p(ahead),
      Math.min(ahead, 52) / 26,
      ahead < 1 ? 1 : 0,
      ahead >= 1 && ahead < 5 ? 1 : 0,
      Math.log1p(ahead) *
        Math.min(6, Math.max(-6, (state.closeDate ?? input.origin) - input.origin) / 30),
      Math.log1p(ageWeeks),
      Math.min(ageWeeks, 156) / 52,
      Math.log1p(Math.max(0, day - state.stageSince) / 7),
      amount === null ? this.meanLogAmount : Math.log(amount),
      amount === null ? 1 : 0,
      amount !== null && first !== null ? Math.max(-2, Math.min(2, Math.log(amount / first))) : 0,
      Math.log1p(state.pushes),
      Math.min(6, Math.max(0, -toClose)),
      Math.min(12, Math.max(0, toClose)),
      state.closeDate === null ? 1 : 0,
      momentum.level,
      momentum.heading,
      momentum.peakShare,
      momentum.hasUsage ? 1 : 0,
      input.repLogit,
    ];
    out[offset] = 1;
    for (let j = 0; j < raw.length; j++)
      out[offset + 1 + j] =
        ((raw[j] as number) - (this.mean[j] as number)) / (this.sd[j] as number);
    let o = offset + 1 + raw.length;
    // A stage counts only when recorded changes give it: a deal row shows today's stage, which at
    // a past date would be look-ahead.
    const stage = state.fromHistory ? state.stage : null;
    const si = stage === null ? -1 : (this.stageIndex.get(stage) ?? this.stages.length);
    for (let s = 0; s <= this.stages.length; s++) out[o + s] = s === si ? 1 : 0;
    o += this.stages.length + 1;
    const la = Math.log1p(ahead);
    for (let s = 0; s <= this.stages.length; s++) out[o + s] = s === si ? la : 0;
    o += this.stages.length + 1;
    const category = state.fromHistory ? state.category : null;
    for (let c = 0; c < CATEGORIES.length; c++) out[o + c] = category === CATEGORIES[c] ? 1 : 0;
    o += CATEGORIES.length;
    for (let t = 0; t < TYPES.length; t++) out[o + t] = deal.type === TYPES[t] ? 1 : 0;
    o += TYPES.length;
    if (this.typeTiming) {
      for (let t = 0; t < TYPES.length; t++) out[o + t] = deal.type === TYPES[t] ? la : 0;
      o += TYPES.length;
    }
    if (this.trend) out[o++] = (input.yearsBefore - this.trend.mean) / this.trend.sd;
    if (!this.closeBins) return;
    let bin = -1;
    if (state.closeDate !== null) {
      const e = state.closeDate - day;
      bin = TO_CLOSE_BINS.length;
      for (let b = 0; b < TO_CLOSE_BINS.length; b++) {
        if (e <= (TO_CLOSE_BINS[b] as number)) {
          bin = b;
          break;
        }
      }
    }
    for (let b = 0; b < TO_CLOSE_NAMES.length; b++) out[o + b] = b === bin ? 1 : 0;
  }
}
