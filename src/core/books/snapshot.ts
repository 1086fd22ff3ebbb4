import type { IntentAccount, SignalBins } from "../scoring/intent/input.js";
import { intentTable } from "../scoring/intent/intent.js";
import {
  DEFAULT_INTENT_OPTIONS,
  type IntentOptions,
  lookbackDays,
} from "../scoring/intent/options.js";
import type { BookConfig } from "./config.js";
import { isoOf } from "./days.js";
import type { BookAccountInput, BookInput, BookRep } from "./types.js";

/** An account as the history knows it (value from the target account list of a date <= every refresh). */
export interface HistoryAccount {
  readonly id: string;
  readonly patchOwner: string | null;
  readonly value: number;
  readonly inIcp: boolean;
  readonly isCustomer: boolean;
  readonly peerGroup: string;
}

/** An opportunity with what is needed to know its state at any date up to the history's end. */
export interface HistoryOpportunity {
  /** Index into the history's accounts. */
  readonly account: number;
  readonly created: number;
  /** Close day when closed (as known at the history's end), else null. */
  readonly close: number | null;
  readonly status: "open" | "won" | "lost";
  readonly isNew: boolean;
  /** Renewals do not "arise": the backtest counts every other opportunity. */
  readonly isRenewal: boolean;
  readonly amount: number;
}

/** Signals binned by account, day and kind, sorted by day (day numbers, not days-ago). */
export interface HistorySignals {
  readonly account: Int32Array;
  readonly day: Int32Array;
  readonly kind: Int32Array;
  readonly count: Float64Array;
  readonly value: Float64Array;
  readonly kinds: readonly string[];
}

/** Everything the store knew up to a date, for refreshes at that date or before. */
export interface BookHistory {
  /** Last day the history covers: snapshots after it would look ahead. */
  readonly end: number;
  readonly planId: string;
  readonly accounts: readonly HistoryAccount[];
  readonly reps: readonly BookRep[];
  /** Sorted by created day. */
  readonly opportunities: readonly HistoryOpportunity[];
  readonly signals: HistorySignals;
  /** Signal kinds that are meetings held (they qualify an account). */
  readonly meetingKinds: readonly string[];
}

/** What every snapshot of a history shares (built once per history). */
const fixedCache = new WeakMap<
  BookHistory,
  { created: Int32Array; intentAccounts: readonly IntentAccount[] }
>();
function fixedOf(h: BookHistory): {
  created: Int32Array;
  intentAccounts: readonly IntentAccount[];
} {
  let f = fixedCache.get(h);
  if (!f) {
    f = {
      created: Int32Array.from(h.opportunities, (o) => o.created),
      intentAccounts: h.accounts.map((a) => ({
        accountId: a.id,
        peerGroup: a.peerGroup,
        people: 0,
        personas: 0,
        leads: 0,
        opportunitiesOpened: 0,
      })),
    };
    fixedCache.set(h, f);
  }
  return f;
}

/** Good-fit flags per history and share: values do not change between a history's snapshots. */
const goodFitCache = new WeakMap<BookHistory, Map<number, Uint8Array>>();

/**
 * Good fit: the top `share` of accounts by value (ties: the earlier account first). Found with a
 * numeric sort of the values and a threshold, not a comparator sort of a million indexes.
 */
function goodFitOf(h: BookHistory, share: number): Uint8Array {
  const cached = goodFitCache.get(h)?.get(share);
  if (cached) return cached;
  const n = h.accounts.length;
  const values = Float64Array.from(h.accounts, (a) => a.value);
  const good = new Uint8Array(n);
  const top = Math.min(n, Math.round(share * n));
  if (top > 0) {
    const sorted = Float64Array.from(values).sort();
    const cut = sorted[n - top] as number;
    let above = 0;
    for (let i = 0; i < n; i++) if ((values[i] as number) > cut) above++;
    let ties = top - above;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v > cut) good[i] = 1;
      else if (v === cut && ties > 0) {
        good[i] = 1;
        ties--;
      }
    }
  }
  let byShare = goodFitCache.get(h);
  if (!byShare) {
    byShare = new Map();
    goodFitCache.set(h, byShare);
  }
  byShare.set(share, good);
  return good;
}

/** First index of a sorted array whose value is > x. */
function upper(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The book engine's input at `day`, from the facts of the history known by then only: opportunities
 * created by then (open unless closed by then), signals up to then, surge from the intent test on
 * the signals of its look-back. Throws when `day` is after the history's end (that would look ahead).
 */
export function snapshotAt(
  h: BookHistory,
  day: number,
  c: BookConfig,
  intentOptions: Partial<IntentOptions> = {},
): BookInput {
  if (day > h.end)
    throw new Error(`snapshot at ${isoOf(day)} after the history's end ${isoOf(h.end)}`);
  const n = h.accounts.length;
  const lastEngagement = new Int32Array(n).fill(-1);
  const lastQualifying = new Int32Array(n).fill(-1);
  const open = new Uint8Array(n);
  const lost = new Int32Array(n);
  const won = new Int32Array(n).fill(-1);
  const customer = new Uint8Array(n);
  const oEnd = upper(fixedOf(h).created, day);
  for (let i = 0; i < oEnd; i++) {
    const o = h.opportunities[i] as HistoryOpportunity;
    const a = o.account;
    if (o.created > (lastEngagement[a] ?? -1)) lastEngagement[a] = o.created;
    if (o.created > (lastQualifying[a] ?? -1)) lastQualifying[a] = o.created;
    const closed = o.status !== "open" && o.close !== null && o.close <= day;
    if (!closed) open[a] = 1;
    else if (o.status === "won") {
      customer[a] = 1;
      if (o.isNew && (o.close as number) > (won[a] ?? -1)) won[a] = o.close as number;
    } else if (o.isNew) lost[a] = (lost[a] ?? 0) + 1;
  }
  const s = h.signals;
  const sEnd = upper(s.day, day);
  const meeting = new Set(h.meetingKinds.map((k) => k.toLowerCase()));
  const isMeeting = s.kinds.map((k) => meeting.has(k.toLowerCase()));
  for (let i = 0; i < sEnd; i++) {
    const a = s.account[i] ?? 0;
    const d = s.day[i] ?? 0;
    if (d > (lastEngagement[a] ?? -1)) lastEngagement[a] = d;
    if (isMeeting[s.kind[i] ?? 0] && d > (lastQualifying[a] ?? -1)) lastQualifying[a] = d;
  }
  const o: IntentOptions = { ...DEFAULT_INTENT_OPTIONS, ...intentOptions };
  const intentAvailable = sEnd > 0;
  let inMarket: Uint8Array = new Uint8Array(n);
  let surge: Float64Array = new Float64Array(n);
  if (intentAvailable) {
    const sStart = upper(s.day, day - lookbackDays(o) - 1);
    const m = sEnd - sStart;
    const bins: SignalBins = {
      account: s.account.subarray(sStart, sEnd),
      daysAgo: (() => {
        const out = new Int32Array(m);
        for (let k = 0; k < m; k++) out[k] = day - (s.day[sStart + k] ?? 0);
        return out;
      })(),
      kind: s.kind.subarray(sStart, sEnd),
      count: s.count.subarray(sStart, sEnd),
      value: s.value.subarray(sStart, sEnd),
      kinds: s.kinds,
    };
    const rows = intentTable({ asOf: isoOf(day), accounts: fixedOf(h).intentAccounts, bins }, o);
    inMarket = Uint8Array.from(rows, (r) => (r.inMarket ? 1 : 0));
    surge = Float64Array.from(rows, (r) => r.surgeScore);
  }
  const good = goodFitOf(h, c.warmingShare);
  const accounts: BookAccountInput[] = h.accounts.map((a, i) => ({
    id: a.id,
    patchOwner: a.patchOwner,
    value: a.value,
    goodFit: good[i] === 1 && a.value > 0,
    inIcp: a.inIcp,
    isCustomer: a.isCustomer || customer[i] === 1,
    openOpportunity: open[i] === 1,
    lastEngagement: (lastEngagement[i] ?? -1) >= 0 ? (lastEngagement[i] as number) : null,
    lastQualifying: (lastQualifying[i] ?? -1) >= 0 ? (lastQualifying[i] as number) : null,
    inMarket: inMarket[i] === 1,
    surgeScore: surge[i] ?? 0,
    lostNew: lost[i] ?? 0,
    lastWonNew: (won[i] ?? -1) >= 0 ? (won[i] as number) : null,
  }));
  return { day, planId: h.planId, reps: h.reps, accounts, intentAvailable };
}
