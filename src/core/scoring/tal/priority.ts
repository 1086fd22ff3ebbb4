/**
 * The unified target account list: one documented priority per account from fit, intent and
 * potential, ranked and tiered, each with the reasons behind it.
 *
 *   value    = P(win) x expected deal size              (prospects: new business)
 *            = P(expand) x whitespace                   (customers: expansion)
 *   timing   = 1 + intentWeight x intent percentile + inMarketBonus x [in market]
 *   priority = value x timing
 *
 * `value` is an expected dollar figure, so fit and potential trade off in money, not in made-up
 * points; intent only reorders accounts of similar value (timing is bounded by
 * 1 + intentWeight + inMarketBonus).
 */

/** One feature's pull on an account's fit score (from the fit model's explanation). */
export interface Reason {
  readonly feature: string;
  /** Contribution to the score's log-odds: > 0 raised it, < 0 lowered it. */
  readonly effect: number;
}

/** What the list knows of one account. */
export interface TalInput {
  readonly id: string;
  readonly isCustomer: boolean;
  /** Calibrated probability that working the account wins new business (prospects). */
  readonly fit: number;
  /** Expected size of a new deal (prospects). */
  readonly dealSize: number;
  /** Probability of an expansion (customers). */
  readonly expandProbability: number;
  /** Estimated potential spend minus current spend, >= 0 (customers). */
  readonly whitespace: number;
  /** Engagement level (any non-negative scale: only its rank among accounts is used). */
  readonly intent: number;
  readonly inMarket: boolean;
  /** When the account's surge started (ISO date), if in market. */
  readonly inMarketSince?: string;
  /** Top features behind `fit`, strongest first. */
  readonly reasons?: readonly Reason[];
}

/** Weights and tier shares; the defaults are documented in the README. */
export interface TalOptions {
  readonly intentWeight: number;
  readonly inMarketBonus: number;
  /** Share of accounts in tiers A, B and C (the rest is D), by rank of priority. */
  readonly tierShares: readonly [number, number, number];
}

export const DEFAULT_TAL_OPTIONS: TalOptions = {
  intentWeight: 0.5,
  inMarketBonus: 0.5,
  tierShares: [0.05, 0.15, 0.3],
};

export type Tier = "A" | "B" | "C" | "D";

/** One row of the list. */
export interface TalRow {
  readonly id: string;
  readonly rank: number;
  readonly tier: Tier;
  readonly priority: number;
  /** Expected value in money (see the module comment). */
  readonly value: number;
  readonly timing: number;
  /** Percentile of intent among all accounts, 0..1 (ties share the mean rank). */
  readonly intentPercentile: number;
  readonly motion: "new business" | "expansion";
  readonly explanation: string;
}

/** Percentile rank of each value in 0..1 (ties share their mean rank; one value gets 0.5). */
export function percentiles(values: readonly number[]): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] ?? 0) - (values[b] ?? 0),
  );
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1] ?? 0] === values[order[i] ?? 0]) j++;
    const mid = n > 1 ? (i + j) / 2 / (n - 1) : 0.5;
    for (let k = i; k <= j; k++) out[order[k] ?? 0] = mid;
    i = j + 1;
  }
  return out;
}

const safe = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0);

/** Rank, tier and explain every account. */
export function buildTal(
  accounts: readonly TalInput[],
  options: TalOptions = DEFAULT_TAL_OPTIONS,
): TalRow[] {
  const intentPct = percentiles(accounts.map((a) => safe(a.intent)));
  const scored = accounts.map((a, i) => {
    const value = a.isCustomer
      ? safe(a.expandProbability) * safe(a.whitespace)
      : safe(a.fit) * safe(a.dealSize);
    const pct = intentPct[i] ?? 0;
    const timing = 1 + options.intentWeight * pct + (a.inMarket ? options.inMarketBonus : 0);
    return { a, value, timing, pct, priority: value * timing };
  });
  // Ties broken by id so the list is the same whatever the input order.
  scored.sort(
    (x, y) => y.priority - x.priority || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0),
  );
  const [sa, sb, sc] = options.tierShares;
  const n = scored.length;
  const cutA = Math.round(n * sa);
  const cutB = cutA + Math.round(n * sb);
  const cutC = cutB + Math.round(n * sc);
  return scored.map((s, k) => ({
    id: s.a.id,
    rank: k + 1,
    tier: k < cutA ? "A" : k < cutB ? "B" : k < cutC ? "C" : "D",
    priority: s.priority,
    value: s.value,
    timing: s.timing,
    intentPercentile: s.pct,
    motion: s.a.isCustomer ? "expansion" : "new business",
    explanation: explain(s.a, s.pct),
  }));
}

function money(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `$${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(0)}K`;
  return `$${v.toFixed(0)}`;
}

/** One line a seller can read: the money, the fit and its drivers, the timing. */
export function explain(a: TalInput, intentPercentile: number): string {
  const parts: string[] = [];
  if (a.isCustomer) {
    parts.push(
      `expansion: whitespace ${money(safe(a.whitespace))} x P(expand) ${(safe(a.expandProbability) * 100).toFixed(0)}%`,
    );
  } else {
    parts.push(
      `new business: fit ${(safe(a.fit) * 100).toFixed(1)}% x deal ${money(safe(a.dealSize))}`,
    );
  }
  const reasons = a.reasons ?? [];
  const up = reasons.filter((r) => r.effect > 0).slice(0, 2);
  const down = reasons.filter((r) => r.effect < 0).slice(0, 2);
  if (up.length) parts.push(`raised by ${up.map((r) => r.feature).join(", ")}`);
  if (down.length) parts.push(`lowered by ${down.map((r) => r.feature).join(", ")}`);
  const top = Math.max(1, Math.round((1 - intentPercentile) * 100));
  if (a.inMarket)
    parts.push(
      `in market${a.inMarketSince ? ` since ${a.inMarketSince}` : ""} (intent top ${top}%)`,
    );
  else if (safe(a.intent) > 0) parts.push(`intent top ${top}%`);
  else parts.push("no recent engagement");
  return parts.join("; ");
}
