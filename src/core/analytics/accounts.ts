import type { IntentRow } from "../scoring/intent/intent.js";
import type { WhitespaceRow } from "./whitespace.js";

/** One account's analytics for the target account list: segment, tier, potential and intent. */
export type AccountAnalyticsRow = WhitespaceRow & Omit<IntentRow, "accountId">;

/** Join whitespace and intent rows by account id (accounts missing from either are left out). */
export function accountAnalytics(
  whitespace: readonly WhitespaceRow[],
  intent: readonly IntentRow[],
): AccountAnalyticsRow[] {
  // Both tables usually list the accounts in the same order: join by position then, and build
  // the map by id (10^6 string keys) only when an id differs.
  let byId: Map<string, IntentRow> | null = null;
  const find = (w: WhitespaceRow, k: number): IntentRow | undefined => {
    const same = intent[k];
    if (same?.accountId === w.accountId) return same;
    if (!byId) {
      byId = new Map();
      for (const r of intent) byId.set(r.accountId, r);
    }
    return byId.get(w.accountId);
  };
  const out: AccountAnalyticsRow[] = [];
  for (let k = 0; k < whitespace.length; k++) {
    const w = whitespace[k] as WhitespaceRow;
    const i = find(w, k);
    if (!i) continue;
    // Fields listed one by one: object spread over 10^6 rows is several times slower.
    out.push({
      accountId: w.accountId,
      segment: w.segment,
      tier: w.tier,
      currentArr: w.currentArr,
      potentialArr: w.potentialArr,
      whitespace: w.whitespace,
      expectedDealValue: w.expectedDealValue,
      segmentWinRate: w.segmentWinRate,
      segmentAcv: w.segmentAcv,
      segmentExpansionRate: w.segmentExpansionRate,
      peerGroup: i.peerGroup,
      engagement: i.engagement,
      people: i.people,
      personas: i.personas,
      leads: i.leads,
      opportunitiesOpened: i.opportunitiesOpened,
      recentWeeks: i.recentWeeks,
      recentCount: i.recentCount,
      expectedCount: i.expectedCount,
      pOwn: i.pOwn,
      pPeer: i.pPeer,
      surgeScore: i.surgeScore,
      inMarket: i.inMarket,
      surgeStart: i.surgeStart,
    });
  }
  return out;
}

const round = (x: number | null, digits: number) =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** One account as a flat CSV row with snake_case columns (as the ICP rows). */
export function accountCsvRow(
  r: AccountAnalyticsRow,
): Record<string, string | number | boolean | null> {
  return {
    account_id: r.accountId,
    segment: r.segment,
    tier: r.tier,
    current_arr: round(r.currentArr, 0),
    potential_arr: round(r.potentialArr, 0),
    whitespace: round(r.whitespace, 0),
    expected_deal_value: round(r.expectedDealValue, 0),
    segment_win_rate: round(r.segmentWinRate, 4),
    segment_acv: round(r.segmentAcv, 0),
    segment_expansion_rate: round(r.segmentExpansionRate, 4),
    engagement: round(r.engagement, 3),
    people: r.people,
    personas: r.personas,
    leads: r.leads,
    opportunities_opened: r.opportunitiesOpened,
    in_market: r.inMarket,
    surge_start: r.surgeStart,
    surge_score: round(r.surgeScore, 3),
    surge_weeks: r.recentWeeks,
    surge_count: r.recentCount,
    surge_expected: round(r.expectedCount, 3),
    p_own: round(r.pOwn, 6),
    p_peer: round(r.pPeer, 6),
    peer_group: r.peerGroup,
  };
}
