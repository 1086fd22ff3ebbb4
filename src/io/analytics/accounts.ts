import { type AccountAnalyticsRow, accountAnalytics } from "../../core/analytics/accounts.js";
import { whitespaceTable } from "../../core/analytics/whitespace.js";
import { intentTable } from "../../core/scoring/intent/intent.js";
import { DEFAULT_INTENT_OPTIONS, type IntentOptions } from "../../core/scoring/intent/options.js";
import type { Db } from "../store/db.js";
import { dimensionSql } from "./dimensions.js";
import type { IcpResult } from "./icp.js";
import { IcpRequestError } from "./icp.js";
import { loadIntentInput } from "./signals.js";

/** Per-account analytics as of the ICP result's date: whitespace from its segments, intent from signals. */
export async function computeAccountAnalytics(
  db: Db,
  icp: IcpResult,
  peers: readonly string[],
  options: Partial<IntentOptions> = {},
  leadKinds: readonly string[] = ["marketing_lead"],
): Promise<AccountAnalyticsRow[]> {
  const peerSql: string[] = [];
  for (const d of peers) {
    const r = await dimensionSql(db, d);
    if (!r.ok) throw new IcpRequestError(r.message);
    peerSql.push(r.sql);
  }
  const o = { ...DEFAULT_INTENT_OPTIONS, ...options };
  const input = await loadIntentInput(db, { asOf: icp.asOf, peerSql, leadKinds, options: o });
  return accountAnalytics(whitespaceTable(icp.facts, icp.table), intentTable(input, o));
}
