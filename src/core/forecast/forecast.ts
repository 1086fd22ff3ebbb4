/**
 * The forecast as of a date, for a period and the one after it: won to date + Monte Carlo over
 * the open deals (win and timing from the deal model) + pipeline not yet created (run-rate), per
 * rep, team (the rep's manager), region (the rep's team field) and company, with P10/P50/P90 and
 * each part's expected contribution. Deals it cannot value are reported, never counted as zero.
 */
import { type Issue, issue } from "../issues.js";
import { type DealState, dealAt } from "./asof.js";
import { DealModel, type DealModelOptions, type DealScore, winBy } from "./model.js";
import {
  type Draws,
  type NewChance,
  type OpenChance,
  rollUp,
  type SimulationJob,
  simulate,
  summarise,
} from "./montecarlo.js";
import { RunRate } from "./runrate.js";
import { type Day, type DealRecord, type ForecastInput, type Quarter, quarterOf } from "./types.js";

export type GroupLevel = "company" | "region" | "team" | "rep";

/** One group's forecast for one period. */
export interface GroupForecast {
  readonly by: GroupLevel;
  readonly key: string;
  readonly period: string;
  readonly won_to_date: number;
  /** Expected won revenue from deals open at the origin. */
  readonly open_expected: number;
  /** Expected won revenue from deals not yet created. */
  readonly new_expected: number;
  readonly mean: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Quota of the period (sum over the group's reps), when known. */
  readonly quota: number | null;
  readonly open_deals: number;
}

export interface ForecastOptions extends DealModelOptions {
  /** The first period (default: the quarter of the origin); the second is the one after. */
  readonly period?: Quarter;
  readonly draws?: number;
  readonly seed?: number;
  /** sd of the common shock the Monte Carlo draws (default: the model's estimate from history). */
  readonly shock?: number;
  /** A fitted deal model to reuse (must be as of the same day). */
  readonly model?: DealModel;
  /** The open deals already scored by that model (as `model.scoreOpen(input.deals)` gives them). */
  readonly scores?: readonly DealScore[];
}

export interface ForecastResult {
  readonly asOf: Day;
  readonly periods: readonly [Quarter, Quarter];
  readonly rows: readonly GroupForecast[];
  readonly scores: readonly DealScore[];
  /**
   * Amount each scored deal counts for if won: its recorded amount times its stage's won-to-
   * recorded ratio (`DealScore.amountIfWon`), or its segment's mean won amount when none is known.
   */
  readonly amounts: Float64Array;
  /** Company won revenue in the first period up to the origin. */
  readonly wonToDate: number;
  readonly runRate: RunRate;
  readonly model: DealModel;
  readonly issues: readonly Issue[];
}

/** Forecast won revenue as of the end of day `asOf`. */
export function forecast(
  input: ForecastInput,
  asOf: Day,
  options: ForecastOptions = {},
): ForecastResult {
  const plan = planForecast(input, asOf, options);
  const j = plan.job;
  return plan.finish(simulate(j.groups, j.open, j.fresh, j.draws, j.seed, j.shock, j.newShock));
}

/**
 * A forecast up to its Monte Carlo: the simulation to run (per rep) and what turns its draws into
 * the result. `forecast` runs the simulation here; src/io/forecast runs it on worker threads.
 */
export interface ForecastPlan {
  readonly job: SimulationJob;
  finish(repDraws: Draws): ForecastResult;
}

/** Everything of `forecast` but the simulation. */
export function planForecast(
  input: ForecastInput,
  asOf: Day,
  options: ForecastOptions = {},
): ForecastPlan {
  const issues: Issue[] = [];
  const known: { deal: DealRecord; state: DealState }[] = [];
  const backwards: string[] = [];
  for (const deal of input.deals) {
    const state = dealAt(deal, asOf);
    if (!state) continue;
    known.push({ deal, state });
    if (deal.closeDate !== null && deal.closeDate < deal.created && state.status !== "open")
      backwards.push(deal.id);
  }
  if (known.length === 0) {
    issues.push(
      issue("forecast_no_data", "no deal had been created by the origin: nothing to forecast from"),
    );
  }
  const closes = known.filter((k) => k.state.status !== "open" && k.state.closedOn !== null);
  const firstClose = closes.reduce((m, k) => Math.min(m, k.state.closedOn as number), asOf);
  if (known.length > 0 && asOf - firstClose < 91) {
    issues.push(
      issue(
        "forecast_no_data",
        `only ${asOf - firstClose} day(s) of closed deals before the origin (${closes.length} deals): the model and run-rate have little to learn from`,
        { severity: "warning", data: { days: asOf - firstClose, closed: closes.length } },
      ),
    );
  }
  if (backwards.length > 0) {
    issues.push(
      issue(
        "forecast_close_before_created",
        `${backwards.length} deal(s) closed before they were created (e.g. ${backwards.slice(0, 3).join(", ")}): their timing is not learnt from`,
        {
          severity: "warning",
          data: { deals: backwards.length, examples: backwards.slice(0, 10) },
        },
      ),
    );
  }
  const p1 = options.period ?? quarterOf(asOf);
  const p2 = quarterOf(p1.start, 1);
  const model = options.model ?? DealModel.fit(input, asOf, options);
  const scores = options.scores ?? model.scoreOpen(input.deals);
  // Groups: reps first, then teams, regions and the company.
  const repInfo = new Map(input.reps.map((r) => [r.id, r]));
  const repIndex = new Map<string, number>();
  const repKeys: string[] = [];
  const repOf = (owner: string | null) => {
    const key = owner ?? "(no owner)";
    let i = repIndex.get(key);
    if (i === undefined) {
      i = repKeys.length;
      repIndex.set(key, i);
      repKeys.push(key);
    }
    return i;
  };
  const wonToDate = new Map<number, number>();
  for (const { deal, state } of known) {
    if (state.status !== "won" || state.closedOn === null) continue;
    if (state.closedOn < p1.start || state.closedOn > Math.min(p1.end, asOf)) continue;
    const g = repOf(deal.owner);
    wonToDate.set(g, (wonToDate.get(g) ?? 0) + (state.amount ?? 0));
  }
  const runRate = RunRate.learn(known, asOf, [
    ...new Set(
      known
        .filter((k) => k.deal.created > asOf - 365 && k.deal.owner !== null)
        .map((k) => k.deal.owner as string),
    ),
  ]);
  const fallbackAmount = meanWonAmount(known);
  const open: OpenChance[] = [];
  const amounts = new Float64Array(scores.length);
  const openCount = new Map<number, number>();
  let missing = 0;
  for (const s of scores) {
    const start = Math.max(asOf, p1.start - 1);
    const a = winBy(s, asOf, p1.end) - winBy(s, asOf, start);
    const b = winBy(s, asOf, p2.end) - winBy(s, asOf, Math.max(asOf, p1.end));
    let amount = s.amountIfWon;
    if (amount === null || !(amount > 0)) {
      missing++;
      amount =
        fallbackAmount.get(`product:${s.deal.product ?? ""}`) ??
        fallbackAmount.get(`type:${s.deal.type ?? ""}`) ??
        fallbackAmount.get("*") ??
        0;
    }
    amounts[open.length] = amount;
    const g = repOf(s.deal.owner);
    openCount.set(g, (openCount.get(g) ?? 0) + 1);
    open.push({ group: g, amount, p1: Math.max(0, a), p2: Math.max(0, b) });
  }
  if (missing > 0) {
    issues.push(
      issue(
        "forecast_amount_missing",
        `${missing} open deal(s) have no amount known at the origin: valued at the mean won amount of their product (else type, else all deals)`,
        { severity: "warning", data: { deals: missing } },
      ),
    );
  }
  const freshBy = new Map<
    string,
    { group: number; wins1: number; wins2: number; amounts: Float64Array }
  >();
  for (const [period, window] of [
    [1, runRate.window(p1.start, p1.end)],
    [2, runRate.window(p1.end, p2.end)],
  ] as const) {
    for (const n of window) {
      const key = `${n.owner}\u0000${n.segment}`;
      let f = freshBy.get(key);
      if (!f) {
        f = { group: repOf(n.owner), wins1: 0, wins2: 0, amounts: n.amounts };
        freshBy.set(key, f);
      }
      if (period === 1) f.wins1 = n.wins;
      else f.wins2 = n.wins;
    }
  }
  const fresh: NewChance[] = [...freshBy.values()];
  const job: SimulationJob = {
    groups: repKeys.length,
    open,
    fresh,
    draws: options.draws ?? 2000,
    seed: options.seed ?? 1,
    shock: options.shock ?? model.shock,
    newShock: options.shock ?? Math.hypot(model.shock, runRate.shock),
  };
  return { job, finish: (repDraws) => finishForecast(repDraws) };

  function finishForecast(repDraws: Draws): ForecastResult {
    // Expected parts per rep (analytic), summed up the hierarchy like the draws.
    const openExp1 = new Float64Array(repKeys.length);
    const openExp2 = new Float64Array(repKeys.length);
    for (const o of open) {
      openExp1[o.group] = (openExp1[o.group] as number) + o.p1 * o.amount;
      openExp2[o.group] = (openExp2[o.group] as number) + o.p2 * o.amount;
    }
    const newExp1 = new Float64Array(repKeys.length);
    const newExp2 = new Float64Array(repKeys.length);
    for (const f of fresh) {
      const mean = f.amounts.reduce((s, x) => s + x, 0) / f.amounts.length;
      newExp1[f.group] = (newExp1[f.group] as number) + f.wins1 * mean;
      newExp2[f.group] = (newExp2[f.group] as number) + f.wins2 * mean;
    }
    const quota = (rep: string, q: Quarter): number | null => {
      let sum = 0;
      let any = false;
      for (const x of input.quotas) {
        if (x.rep !== rep || x.end < q.start || x.start > q.end) continue;
        const overlap = Math.min(x.end, q.end) - Math.max(x.start, q.start) + 1;
        sum += (x.amount * overlap) / (x.end - x.start + 1);
        any = true;
      }
      return any ? sum : null;
    };
    const levels: { by: GroupLevel; keyOf: (rep: string) => string }[] = [
      { by: "rep", keyOf: (r) => r },
      { by: "team", keyOf: (r) => repInfo.get(r)?.manager ?? "(no team)" },
      { by: "region", keyOf: (r) => repInfo.get(r)?.team ?? "(no region)" },
      { by: "company", keyOf: () => "company" },
    ];
    const rows: GroupForecast[] = [];
    for (const level of levels) {
      const keys: string[] = [];
      const index = new Map<string, number>();
      const parent = repKeys.map((r) => {
        const k = level.keyOf(r);
        let i = index.get(k);
        if (i === undefined) {
          i = keys.length;
          index.set(k, i);
          keys.push(k);
        }
        return i;
      });
      const d = level.by === "rep" ? repDraws : rollUp(repDraws, parent, keys.length);
      const membersOf: { r: string; i: number }[][] = keys.map(() => []);
      repKeys.forEach((r, i) => {
        membersOf[parent[i] as number]?.push({ r, i });
      });
      keys.forEach((key, gi) => {
        const members = membersOf[gi] ?? [];
        const sum = (a: Float64Array | Map<number, number>) =>
          members.reduce(
            (s, m) => s + (a instanceof Map ? (a.get(m.i) ?? 0) : (a[m.i] as number)),
            0,
          );
        const count = members.reduce((s, m) => s + (openCount.get(m.i) ?? 0), 0);
        for (const [period, q, openExp, newExp, wtd] of [
          [1, p1, openExp1, newExp1, sum(wonToDate)],
          [2, p2, openExp2, newExp2, 0],
        ] as const) {
          const s = summarise(d, gi, period);
          const quotas = members.map((m) => quota(m.r, q)).filter((x): x is number => x !== null);
          rows.push({
            by: level.by,
            key,
            period: q.label,
            won_to_date: wtd,
            open_expected: sum(openExp),
            new_expected: sum(newExp),
            mean: wtd + s.mean,
            p10: wtd + s.p10,
            p50: wtd + s.p50,
            p90: wtd + s.p90,
            quota: quotas.length > 0 ? quotas.reduce((a, b) => a + b, 0) : null,
            open_deals: count,
          });
        }
      });
    }
    let companyWon = 0;
    for (const v of wonToDate.values()) companyWon += v;
    return {
      asOf,
      periods: [p1, p2],
      rows,
      scores,
      amounts,
      wonToDate: companyWon,
      runRate,
      model,
      issues,
    };
  }
}

function meanWonAmount(
  known: readonly { deal: DealRecord; state: DealState }[],
): Map<string, number> {
  const acc = new Map<string, { s: number; n: number }>();
  for (const { deal, state } of known) {
    if (state.status !== "won" || !(state.amount !== null && state.amount > 0)) continue;
    for (const k of ["*", `type:${deal.type ?? ""}`, `product:${deal.product ?? ""}`]) {
      const a = acc.get(k) ?? { s: 0, n: 0 };
      a.s += state.amount;
      a.n++;
      acc.set(k, a);
    }
  }
  return new Map([...acc].map(([k, v]) => [k, v.s / v.n]));
}
