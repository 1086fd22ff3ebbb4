import { describe, expect, it } from "vitest";
import type { IntentRow } from "../scoring/intent/intent.js";
import { accountAnalytics } from "./accounts.js";
import type { WhitespaceRow } from "./whitespace.js";

const ws = (id: string): WhitespaceRow => ({
  accountId: id,
  segment: "s",
  tier: null,
  currentArr: id.length,
  potentialArr: null,
  whitespace: null,
  expectedDealValue: null,
  segmentWinRate: null,
  segmentAcv: null,
  segmentExpansionRate: null,
});
const intent = (id: string, people: number): IntentRow => ({
  accountId: id,
  peerGroup: "all",
  engagement: people / 2,
  people,
  personas: 1,
  leads: 0,
  opportunitiesOpened: 0,
  recentWeeks: 1,
  recentCount: 0,
  expectedCount: 0,
  pOwn: 1,
  pPeer: 1,
  surgeScore: 0,
  inMarket: false,
  surgeStart: null,
});

describe("account analytics join", () => {
  it("joins by id whether or not both tables list the accounts in the same order", () => {
    const ids = ["a", "b", "c", "d", "e"];
    const w = ids.map(ws);
    const same = accountAnalytics(
      w,
      ids.map((id, k) => intent(id, k)),
    );
    expect(same.map((r) => [r.accountId, r.people])).toEqual(ids.map((id, k) => [id, k]));
    // Another order, one account missing from intent: rows follow whitespace, by id.
    const shuffled = ["c", "a", "e", "b"].map((id) => intent(id, ids.indexOf(id)));
    const joined = accountAnalytics(w, shuffled);
    expect(joined.map((r) => [r.accountId, r.people])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 2],
      ["e", 4],
    ]);
    // Same order up to a point, then a gap.
    const gap = accountAnalytics(w, [intent("a", 0), intent("b", 1), intent("d", 3)]);
    expect(gap.map((r) => r.accountId)).toEqual(["a", "b", "d"]);
  });
});
