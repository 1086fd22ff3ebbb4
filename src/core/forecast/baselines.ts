/**
 * What teams forecast with today, learnt from the same history as the model: the CRM's stage
 * probability table (share of deals that were in a stage and went on to win), the reps' forecast
 * categories (share of deals last called commit / best case / pipeline that won), and the
 * quarter forecasts they give: stage-weighted pipeline, sum of commits, and run-rate.
 */
import { type DealState, dealAt } from "./asof.js";
import type { Day, DealRecord, Quarter } from "./types.js";

/** Win rates by a deal's label as of a date; unknown labels get the overall rate. */
export class RateTable {
  private constructor(
    private readonly rates: ReadonlyMap<string, number>,
    readonly overall: number,
  ) {}

  /**
   * Learn from deals closed by `asOf`: each counts once under every label it carried while open
   * (`labels` reads them from the deal's recorded changes, or its as-of state when it has none).
   */
  static learn(
    known: readonly { readonly deal: DealRecord; readonly state: DealState }[],
    labels: (deal: DealRecord, state: DealState) => Iterable<string>,
  ): RateTable {
    const acc = new Map<string, { w: number; n: number }>();
    let w = 0;
    let n = 0;
    for (const { deal, state } of known) {
      if (state.status === "open") continue;
      const won = state.status === "won" ? 1 : 0;
      w += won;
      n++;
      for (const l of new Set(labels(deal, state))) {
        const a = acc.get(l) ?? { w: 0, n: 0 };
        a.w += won;
        a.n++;
        acc.set(l, a);
      }
    }
    const overall = n > 0 ? w / n : 0.5;
    // A label seen on few deals borrows from the overall rate (5 deals' weight).
    return new RateTable(
      new Map([...acc].map(([k, a]) => [k, (a.w + 5 * overall) / (a.n + 5)])),
      overall,
    );
  }

  rate(label: string | null): number {
    return label === null ? this.overall : (this.rates.get(label) ?? this.overall);
  }
}

/** Labels of a deal's open states up to its close: its stages. */
export function stagesSeen(deal: DealRecord, state: DealState): string[] {
  const end = state.closedOn ?? Number.POSITIVE_INFINITY;
  const out = deal.events
    .filter((e) => e.day <= end && (e.status ?? "open") === "open" && e.stage !== null)
    .map((e) => e.stage as string);
  if (out.length === 0)
    out.push(state.status === "open" ? (state.stage ?? "(unknown)") : "(unknown)");
  return out;
}

/** The last forecast category a deal carried while open. */
export function lastOpenCategory(deal: DealRecord, state: DealState): string[] {
  const end = state.closedOn ?? Number.POSITIVE_INFINITY;
  let c: string | null = null;
  for (const e of deal.events) {
    if (e.day > end) break;
    if ((e.status ?? "open") === "open" && e.category !== null) c = e.category;
  }
  if (state.status === "open") c = state.category ?? c;
  return c === null ? ["(none)"] : [c];
}

/** Quarter forecasts of the baselines for the company. */
export interface BaselineForecasts {
  readonly stageWeighted: number;
  readonly commits: number | null;
  readonly runRate: number;
}

/**
 * Baseline forecasts of won revenue in `period` as of `asOf`: won to date plus, for open deals
 * expected to close in the period, amount x stage probability (stage-weighted) or the amounts
 * called commit (sum of commits, null when no deal carries a category), both for deals whose
 * expected close date falls in the period; run-rate adds the daily
 * won revenue of the last year times the days left.
 */
export function baselineForecasts(
  deals: readonly DealRecord[],
  asOf: Day,
  period: Quarter,
): BaselineForecasts {
  const known: { deal: DealRecord; state: DealState }[] = [];
  for (const deal of deals) {
    const state = dealAt(deal, asOf);
    if (state) known.push({ deal, state });
  }
  const stages = RateTable.learn(known, stagesSeen);
  let wonToDate = 0;
  let lastYear = 0;
  let weighted = 0;
  let commits = 0;
  let anyCategory = false;
  for (const { state } of known) {
    if (state.status === "won" && state.closedOn !== null) {
      if (state.closedOn >= period.start && state.closedOn <= asOf) wonToDate += state.amount ?? 0;
      if (state.closedOn > asOf - 365) lastYear += state.amount ?? 0;
      continue;
    }
    if (state.status !== "open") continue;
    if (state.category !== null) anyCategory = true;
    const close = state.closeDate;
    if (close === null || close > period.end || close < period.start) continue;
    const amount = state.amount ?? 0;
    weighted += stages.rate(state.stage ?? "(unknown)") * amount;
    if (state.category === "commit") commits += amount;
  }
  const left = Math.max(0, period.end - Math.max(asOf, period.start - 1));
  return {
    stageWeighted: wonToDate + weighted,
    commits: anyCategory ? wonToDate + commits : null,
    runRate: wonToDate + (lastYear / 365) * left,
  };
}
