import { checkRefresh } from "../../core/books/check.js";
import type { BookConfig } from "../../core/books/config.js";
import { dayOf, isoOf } from "../../core/books/days.js";
import { refreshBooks } from "../../core/books/engine.js";
import type { BookPolicy } from "../../core/books/policy.js";
import { snapshotAt } from "../../core/books/snapshot.js";
import type { RefreshResult } from "../../core/books/types.js";
import { PaydirtError } from "../../core/errors.js";
import { type Issue, issue } from "../../core/issues.js";
import { DEFAULT_INTENT_OPTIONS, lookbackDays } from "../../core/scoring/intent/options.js";
import { latestDataDate } from "../analytics/facts.js";
import type { Db } from "../store/db.js";
import { firstDataDate, loadBookHistory } from "./history.js";
import { latestRefresh, loadState, refreshAsOf, saveRefresh } from "./store.js";

/** What `books refresh` does. */
export interface RefreshRequest {
  /** YYYY-MM-DD; default: the latest date the store has facts for. */
  readonly asOf?: string;
  readonly config: BookConfig;
  readonly policy: BookPolicy;
  /** Plan whose patches hold the accounts; default: the latest plan, else the accounts' owners. */
  readonly plan?: string;
  readonly peers: readonly string[];
  /** Compute without storing. */
  readonly dryRun?: boolean;
  readonly log?: (line: string) => void;
}

/** A refresh's outcome. */
export interface RefreshOutcome {
  readonly asOf: string;
  readonly result: RefreshResult;
  readonly notes: readonly string[];
  /** Warnings and notes with codes (intent missing, accounts without capacity). */
  readonly issues: readonly Issue[];
  readonly valueSource: string;
  readonly intentAvailable: boolean;
  readonly refreshId: number | null;
  readonly previous: string | null;
}

/**
 * Refresh the books as of T from what the store knew by T and the books of the refresh before T;
 * checked independently, then stored in one transaction. Nothing is written on any error.
 */
export async function refreshStoredBooks(db: Db, req: RefreshRequest): Promise<RefreshOutcome> {
  const asOf = req.asOf ?? (await latestDataDate(db));
  if (!asOf)
    throw PaydirtError.of(
      "invalid",
      "books_date_before_data",
      "the store holds no data to refresh books from",
    );
  const first = await firstDataDate(db);
  if (first === null || asOf < first)
    throw PaydirtError.of(
      "invalid",
      "books_date_before_data",
      first === null
        ? "the store holds no opportunities, signals or revenue: import data first"
        : `${asOf} is before the store's data starts (${first})`,
      { data: { first, asOf } },
    );
  const later = await latestRefresh(db);
  if (later && later.as_of > asOf)
    throw PaydirtError.of(
      "conflict",
      "books_refresh_order",
      `books were already refreshed as of ${later.as_of}, after ${asOf}: refreshes move forward in time`,
      { data: { latest: later.as_of, asOf } },
    );
  let plan = req.plan;
  if (plan === undefined) {
    const p = await db.one<{ name: string }>(
      "SELECT name FROM plan_scenarios ORDER BY created_at DESC LIMIT 1",
    );
    plan = p?.name;
  }
  const prevRow = await refreshAsOf(db, asOf, true);
  const prev = prevRow ? await loadState(db, prevRow.refresh_id) : null;
  const day = dayOf(asOf);
  const loaded = await loadBookHistory(db, {
    upTo: asOf,
    valuesAsOf: asOf,
    signalsFrom: isoOf(day - lookbackDays(DEFAULT_INTENT_OPTIONS) - 1),
    ...(plan !== undefined ? { plan } : {}),
    peers: req.peers,
    config: req.config,
    ...(req.log ? { log: req.log } : {}),
  });
  const input = snapshotAt(loaded.history, day, req.config);
  const result = refreshBooks(input, prev, req.config, req.policy);
  const violations = checkRefresh(input, prev, req.config, req.policy, result);
  if (violations.length)
    throw new Error(`the refresh broke an invariant (a bug): ${violations.slice(0, 3).join("; ")}`);
  const notes = [...loaded.notes];
  const issues: Issue[] = [];
  if (!input.intentAvailable)
    issues.push(
      issue(
        "books_intent_missing",
        "intent is missing: no signals as of this date, so no account is seen in market; the rotating tier is fed by opportunities and meetings only",
        { severity: "warning" },
      ),
    );
  if (result.noCapacity.length > 0)
    issues.push(
      issue(
        "books_no_capacity",
        `${result.noCapacity.length} in-market or qualified accounts are in no book and no BDR queue: no capacity`,
        {
          severity: "info",
          data: { accounts: result.noCapacity.slice(0, 20), count: result.noCapacity.length },
        },
      ),
    );
  if (plan === undefined) notes.push("no plan in the store: patches are the accounts' owners");
  else notes.push(`patches from plan ${plan}`);
  const summary = {
    counts: result.counts,
    fairness: result.fairness,
    no_capacity: result.noCapacity.length,
    issues,
    intent_available: input.intentAvailable,
    value_source: loaded.valueSource,
  };
  const refreshId = req.dryRun
    ? null
    : await saveRefresh(db, result, { config: req.config, summary, notes });
  return {
    asOf,
    result,
    notes,
    issues,
    valueSource: loaded.valueSource,
    intentAvailable: input.intentAvailable,
    refreshId,
    previous: prevRow?.as_of ?? null,
  };
}
