import { checkAborted, progress, type RunContext } from "../run.js";
import type { BookConfig } from "./config.js";
import { refreshBooks } from "./engine.js";
import type { BookPolicy } from "./policy.js";
import { type BookHistory, snapshotAt } from "./snapshot.js";
import type { BookInput, BookState, RefreshResult } from "./types.js";

/** A buying episode of the synthetic market's ground truth (days inclusive). */
export interface Episode {
  readonly accountId: string;
  readonly start: number;
  readonly end: number;
}

/** One policy's line of the backtest table (the `--json` shape). */
export interface PolicyMetrics {
  readonly name: string;
  readonly description: string;
  /** Opportunities (not renewals) created in the window. */
  readonly opportunities: number;
  /** Share of them that arose in an account in a book or a BDR queue at their creation. */
  readonly worked_share_opportunities: number;
  /** The same, weighted by amount. */
  readonly worked_share_pipeline: number;
  /** Share that arose in an account nobody worked ("left on the floor"). */
  readonly left_on_floor_share: number;
  /** Share that arose in an account in an AE's book (BDR queues not counted). */
  readonly book_share_opportunities: number;
  /** Won amount of the window's opportunities that arose in worked accounts, and of all. */
  readonly won_revenue_worked: number;
  readonly won_revenue_total: number;
  /** Accounts entering AEs' rotating tiers, per AE per month. */
  readonly rotations_per_ae_month: number;
  /** Accounts entering a rotating tier per month over its mean size (share changing per month). */
  readonly rotating_churn_month: number;
  /** Mean share of an AE's core kept from one refresh to the next. */
  readonly core_stability: number;
  /** Spread (coefficient of variation) across AEs of value entering rotating tiers, mean over quarters. */
  readonly fairness_cv: number;
  /** Ground truth: share of buying episodes during which the account was worked (null without truth). */
  readonly episodes_worked_share: number | null;
  /** Accounts in books and BDR queues, mean over refreshes. */
  readonly worked_accounts: number;
}

/** The backtest table and its setting. */
export interface BacktestResult {
  readonly from: number;
  readonly to: number;
  readonly cadenceDays: number;
  readonly refreshes: number;
  readonly policies: readonly PolicyMetrics[];
}

/** The refresh days of a window: from, from + cadence, ... up to `to`. */
export function refreshDays(from: number, to: number, cadence: number): number[] {
  const out: number[] = [];
  for (let d = from; d <= to; d += Math.max(1, cadence)) out.push(d);
  return out;
}

/** Replay one policy and return every refresh (for no-look-ahead checks and the metrics). */
export function* replayPolicy(
  h: BookHistory,
  days: readonly number[],
  c: BookConfig,
  policy: BookPolicy,
  inputs?: (day: number) => BookInput,
): Generator<{ day: number; input: BookInput; result: RefreshResult }> {
  let prev: BookState | null = null;
  for (const day of days) {
    const input = inputs ? inputs(day) : snapshotAt(h, day, c);
    const result = refreshBooks(input, prev, c, policy);
    prev = result.state;
    yield { day, input, result };
  }
}

/**
 * Replay the window for each policy at equal capacity, refreshing on the cadence with only what
 * was known at each refresh (snapshots of the history), and measure where the opportunities that
 * arose afterwards were: in a worked account or on the floor.
 */
export function backtestBooks(
  h: BookHistory,
  req: {
    readonly from: number;
    readonly to: number;
    readonly cadenceDays: number;
    readonly policies: readonly BookPolicy[];
    readonly config: BookConfig;
    readonly episodes?: readonly Episode[];
  },
  ctx: RunContext = {},
): BacktestResult {
  const days = refreshDays(req.from, req.to, req.cadenceDays);
  const snapshots = new Map<number, BookInput>();
  const inputAt = (day: number): BookInput => {
    let s = snapshots.get(day);
    if (!s) {
      s = snapshotAt(h, day, req.config);
      snapshots.set(day, s);
    }
    return s;
  };
  const index = new Map(h.accounts.map((a, i) => [a.id, i]));
  const end = (days[days.length - 1] ?? req.from) + req.cadenceDays;
  const opps = h.opportunities.filter(
    (o) => !o.isRenewal && o.created > req.from && o.created <= Math.min(end, h.end),
  );
  const episodes = (req.episodes ?? [])
    .map((e) => ({ ...e, a: index.get(e.accountId) }))
    .filter((e) => e.a !== undefined && e.end >= req.from && e.start <= req.to);
  const months = Math.max(1, (days.length * req.cadenceDays) / 30.4375);
  const aes = h.reps.filter((r) => r.role === "ae").length;
  const policies: PolicyMetrics[] = [];
  let step = 0;
  for (const policy of req.policies) {
    // worked[k]: accounts (by index) worked after refresh k; book[k] in AE books only.
    const worked: Uint8Array[] = [];
    const book: Uint8Array[] = [];
    let rotations = 0;
    let rotSize = 0;
    let coreKept = 0;
    let coreBefore = 0;
    let prevCore: Map<string, string> | null = null;
    const quarterCv = new Map<string, number>();
    let workedCount = 0;
    for (const { result } of replayPolicy(h, days, req.config, policy, inputAt)) {
      checkAborted(ctx);
      progress(ctx, {
        phase: "backtest",
        done: ++step,
        total: days.length * req.policies.length,
        unit: "steps",
      });
      const w = new Uint8Array(h.accounts.length);
      const b = new Uint8Array(h.accounts.length);
      const core = new Map<string, string>();
      for (const rb of result.books) {
        for (const id of rb.core) core.set(id, rb.repId);
        for (const list of [rb.core, rb.rotating, rb.queue])
          for (const id of list) {
            const i = index.get(id);
            if (i !== undefined) w[i] = 1;
          }
        for (const list of [rb.core, rb.rotating])
          for (const id of list) {
            const i = index.get(id);
            if (i !== undefined) b[i] = 1;
          }
        rotSize += rb.rotating.length;
      }
      for (const t of result.transitions) if (t.to === "rotating") rotations++;
      if (prevCore) {
        coreBefore += prevCore.size;
        for (const [id, ae] of prevCore) if (core.get(id) === ae) coreKept++;
      }
      prevCore = core;
      quarterCv.set(result.state.quarter, result.fairness);
      let n = 0;
      for (let i = 0; i < w.length; i++) n += w[i] ?? 0;
      workedCount += n;
      worked.push(w);
      book.push(b);
    }
    // The books in effect on day d are those of the last refresh before d.
    const refreshBefore = (d: number): number => {
      let lo = 0;
      let hi = days.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((days[mid] ?? 0) < d) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1;
    };
    let nWorked = 0;
    let nBook = 0;
    let pipe = 0;
    let pipeWorked = 0;
    let won = 0;
    let wonWorked = 0;
    for (const o of opps) {
      const k = refreshBefore(o.created);
      const isWorked = k >= 0 && worked[k]?.[o.account] === 1;
      const inBook = k >= 0 && book[k]?.[o.account] === 1;
      const amount = Math.max(0, o.amount);
      pipe += amount;
      if (o.status === "won") won += amount;
      if (isWorked) {
        nWorked++;
        pipeWorked += amount;
        if (o.status === "won") wonWorked += amount;
      }
      if (inBook) nBook++;
    }
    let epWorked = 0;
    for (const e of episodes) {
      // Refresh k's books are in effect on days (days[k], days[k + 1]].
      for (let k = 0; k < days.length; k++) {
        const lo = (days[k] ?? 0) + 1;
        const hi = days[k + 1] ?? (days[k] ?? 0) + req.cadenceDays;
        if (hi < e.start) continue;
        if (lo > e.end) break;
        if (worked[k]?.[e.a as number] === 1) {
          epWorked++;
          break;
        }
      }
    }
    const share = (x: number, n: number) => (n > 0 ? x / n : 0);
    policies.push({
      name: policy.name,
      description: policy.description,
      opportunities: opps.length,
      worked_share_opportunities: share(nWorked, opps.length),
      worked_share_pipeline: share(pipeWorked, pipe),
      left_on_floor_share: opps.length ? 1 - nWorked / opps.length : 0,
      book_share_opportunities: share(nBook, opps.length),
      won_revenue_worked: wonWorked,
      won_revenue_total: won,
      rotations_per_ae_month: share(rotations, aes * months),
      rotating_churn_month: share(rotations / months, rotSize / Math.max(1, days.length)),
      core_stability: coreBefore > 0 ? coreKept / coreBefore : 1,
      fairness_cv: quarterCv.size
        ? [...quarterCv.values()].reduce((s, x) => s + x, 0) / quarterCv.size
        : 0,
      episodes_worked_share: req.episodes ? share(epWorked, episodes.length) : null,
      worked_accounts: workedCount / Math.max(1, days.length),
    });
  }
  return {
    from: req.from,
    to: req.to,
    cadenceDays: req.cadenceDays,
    refreshes: days.length,
    policies,
  };
}
