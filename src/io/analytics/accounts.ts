import { type AccountAnalyticsRow, accountAnalytics } from "../../core/analytics/accounts.js";
import { whitespaceTable } from "../../core/analytics/whitespace.js";
import { daysBefore } from "../../core/scoring/intent/dates.js";
import { intentTable } from "../../core/scoring/intent/intent.js";
import { type LearntWeights, learnWeights } from "../../core/scoring/intent/learn.js";
import { DEFAULT_INTENT_OPTIONS, type IntentOptions } from "../../core/scoring/intent/options.js";
import type { Db } from "../store/db.js";
import { dimensionSql } from "./dimensions.js";
import type { IcpResult } from "./icp.js";
import { IcpRequestError } from "./icp.js";
import { loadOpenings } from "./openings.js";
import { loadIntentInput } from "./signals.js";

/** How per-account analytics are computed. */
export interface AccountAnalyticsRequest {
  /** Dimensions of the surge test's peer segment. */
  readonly peers: readonly string[];
  readonly options?: Partial<IntentOptions>;
  /** Signal kinds counted as marketing leads. */
  readonly leadKinds?: readonly string[];
  /**
   * Learn signal weights from the opportunities opened in the `learnHorizonDays` days before T
   * (signals as of T minus the horizon), instead of using the given weights.
   */
  readonly learnHorizonDays?: number;
}

/** Per-account analytics, and the learnt weights when asked for. */
export interface AccountAnalyticsResult {
  readonly rows: AccountAnalyticsRow[];
  readonly learnt: LearntWeights | null;
}

/** Per-account analytics as of the ICP result's date: whitespace from its segments, intent from signals. */
export async function computeAccountAnalytics(
  db: Db,
  icp: IcpResult,
  req: AccountAnalyticsRequest,
): Promise<AccountAnalyticsResult> {
  const peerSql: string[] = [];
  for (const d of req.peers) {
    const r = await dimensionSql(db, d);
    if (!r.ok) throw new IcpRequestError(r.message);
    peerSql.push(r.sql);
  }
  let o: IntentOptions = { ...DEFAULT_INTENT_OPTIONS, ...req.options };
  const leadKinds = req.leadKinds ?? ["marketing_lead"];
  let learnt: LearntWeights | null = null;
  if (req.learnHorizonDays !== undefined) {
    const t0 = daysBefore(icp.asOf, Math.round(req.learnHorizonDays));
    const train = await loadIntentInput(db, { asOf: t0, peerSql: [], leadKinds, options: o });
    const opened = await loadOpenings(db, train.accounts, t0, icp.asOf);
    learnt = learnWeights(train, opened, o.weights, o.halfLifeDays);
    o = { ...o, weights: learnt.weights };
  }
  const input = await loadIntentInput(db, { asOf: icp.asOf, peerSql, leadKinds, options: o });
  return {
    rows: accountAnalytics(whitespaceTable(icp.facts, icp.table), intentTable(input, o)),
    learnt,
  };
}
