/**
 * Backtests as of past dates: at each origin, the deal model and the forecast see only what was
 * known then (`dealAt` and usage up to the origin); outcomes come from the latest data. Per
 * origin: the company forecast of the origin's quarter against what was won, the baselines'
 * forecasts, and P(win) of every deal open at the origin that has closed since, with the stage
 * table's and the rep categories' probabilities beside it.
 */
import { dealAt } from "./asof.js";
import { baselineForecasts, lastOpenCategory, RateTable, stagesSeen } from "./baselines.js";
import { forecast } from "./forecast.js";
import { closeQuantile, type DealModelOptions } from "./model.js";
import { type Day, type ForecastInput, quarterOf } from "./types.js";

export interface OriginResult {
  readonly origin: Day;
  readonly period: string;
  readonly actual: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly stageWeighted: number;
  readonly runRate: number;
  readonly commits: number | null;
  /** Per rep and per team: P50, P10, P90 and what was won (groups with a forecast or a win). */
  readonly groups: readonly {
    readonly by: "rep" | "team";
    readonly key: string;
    readonly actual: number;
    readonly p10: number;
    readonly p50: number;
    readonly p90: number;
  }[];
  /** Deals open at the origin and closed by the end of the data. */
  readonly deals: {
    readonly won: Uint8Array;
    readonly model: Float64Array;
    readonly stage: Float64Array;
    readonly category: Float64Array;
    /** |predicted median close - actual close| in days, for won deals with a prediction. */
    readonly closeErrors: number[];
  };
}

/** Run the backtest at each origin; `end` is the last day the data covers. */
export function backtest(
  input: ForecastInput,
  origins: readonly Day[],
  end: Day,
  options: DealModelOptions & { draws?: number } = {},
): OriginResult[] {
  const out: OriginResult[] = [];
  for (const origin of origins) {
    const q = quarterOf(origin);
    if (q.end > end) continue;
    const f = forecast(input, origin, { ...options, period: q });
    const company = f.rows.find((r) => r.by === "company" && r.period === q.label);
    let actual = 0;
    const known = [];
    const managers = new Map(input.reps.map((r) => [r.id, r.manager ?? "(no team)"]));
    const byGroup = new Map<string, number>();
    for (const deal of input.deals) {
      const last = dealAt(deal, end);
      if (
        last?.status === "won" &&
        last.closedOn !== null &&
        last.closedOn >= q.start &&
        last.closedOn <= q.end
      ) {
        actual += last.amount ?? 0;
        const rep = deal.owner ?? "(no owner)";
        const team = managers.get(rep) ?? "(no team)";
        byGroup.set(`rep\u0000${rep}`, (byGroup.get(`rep\u0000${rep}`) ?? 0) + (last.amount ?? 0));
        byGroup.set(
          `team\u0000${team}`,
          (byGroup.get(`team\u0000${team}`) ?? 0) + (last.amount ?? 0),
        );
      }
      const then = dealAt(deal, origin);
      if (then) known.push({ deal, state: then });
    }
    const stages = RateTable.learn(known, stagesSeen);
    const categories = RateTable.learn(known, lastOpenCategory);
    const won: number[] = [];
    const model: number[] = [];
    const stage: number[] = [];
    const category: number[] = [];
    const closeErrors: number[] = [];
    for (const s of f.scores) {
      const last = dealAt(s.deal, end);
      if (!last || last.status === "open") continue;
      won.push(last.status === "won" ? 1 : 0);
      model.push(s.pWin);
      stage.push(stages.rate(s.state.stage ?? "(unknown)"));
      category.push(categories.rate(s.state.category ?? "(none)"));
      if (last.status === "won" && last.closedOn !== null) {
        const median = closeQuantile(s, origin, 0.5);
        if (median !== undefined) closeErrors.push(Math.abs(median - last.closedOn));
      }
    }
    const b = baselineForecasts(input.deals, origin, q);
    const groups: OriginResult["groups"][number][] = [];
    const seen = new Set<string>();
    for (const r of f.rows) {
      if (r.period !== q.label || (r.by !== "rep" && r.by !== "team")) continue;
      const k = `${r.by}\u0000${r.key}`;
      seen.add(k);
      groups.push({
        by: r.by,
        key: r.key,
        actual: byGroup.get(k) ?? 0,
        p10: r.p10,
        p50: r.p50,
        p90: r.p90,
      });
    }
    for (const [k, v] of byGroup) {
      if (seen.has(k)) continue;
      const [by, key] = k.split("\u0000") as ["rep" | "team", string];
      groups.push({ by, key, actual: v, p10: 0, p50: 0, p90: 0 });
    }
    out.push({
      origin,
      period: q.label,
      actual,
      p10: company?.p10 ?? 0,
      p50: company?.p50 ?? 0,
      p90: company?.p90 ?? 0,
      stageWeighted: b.stageWeighted,
      runRate: b.runRate,
      commits: b.commits,
      groups,
      deals: {
        won: Uint8Array.from(won),
        model: Float64Array.from(model),
        stage: Float64Array.from(stage),
        category: Float64Array.from(category),
        closeErrors,
      },
    });
  }
  return out;
}

/** Month starts from `from` to `to` (inclusive), as days. */
export function monthStarts(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  const d = new Date(from * 86_400_000);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0);
  for (;;) {
    const day = Date.UTC(y, m, 1) / 86_400_000;
    if (day > to) return out;
    out.push(day);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
}
