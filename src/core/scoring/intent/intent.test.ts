import { describe, expect, it } from "vitest";
import type { IntentAccount, IntentInput } from "./input.js";
import { intentTable } from "./intent.js";

interface Event {
  readonly account: number;
  readonly daysAgo: number;
  readonly kind: number;
  readonly count?: number;
  readonly value?: number;
}

function input(
  accounts: readonly IntentAccount[],
  events: readonly Event[],
  kinds: string[],
): IntentInput {
  return {
    asOf: "2026-03-31",
    accounts,
    bins: {
      account: Int32Array.from(events.map((e) => e.account)),
      daysAgo: Int32Array.from(events.map((e) => e.daysAgo)),
      kind: Int32Array.from(events.map((e) => e.kind)),
      count: Float64Array.from(events.map((e) => e.count ?? 1)),
      value: Float64Array.from(events.map((e) => e.value ?? 1)),
      kinds,
    },
  };
}

const account = (i: number, peerGroup = "peers"): IntentAccount => ({
  accountId: `A${i}`,
  peerGroup,
  people: 0,
  personas: 0,
  leads: 0,
  opportunitiesOpened: 0,
});

/** `n` accounts with one signal every week for a year; account 0 also surges in the last weeks. */
function market(n: number, surgeWeeks: number, surgePerWeek: number): Event[] {
  const events: Event[] = [];
  for (let a = 0; a < n; a++)
    for (let w = 0; w < 52; w++) events.push({ account: a, daysAgo: 7 * w + (a % 7), kind: 0 });
  for (let w = 0; w < surgeWeeks; w++)
    for (let k = 0; k < surgePerWeek; k++) events.push({ account: 0, daysAgo: 7 * w + 1, kind: 0 });
  return events;
}

describe("intent, reach and surge", () => {
  it("flags an account whose recent level stands out from its baseline and its peers, with the start", () => {
    const accounts = Array.from({ length: 60 }, (_, i) => account(i));
    const rows = intentTable(input(accounts, market(60, 3, 6), ["web_visit"]));
    const hot = rows[0];
    expect(hot?.inMarket).toBe(true);
    expect(hot?.recentWeeks).toBe(3);
    // The earliest signal of the 3-week window is 7*2 + 1 = 15 days before 2026-03-31.
    expect(hot?.surgeStart).toBe("2026-03-16");
    expect(rows.slice(1).filter((r) => r.inMarket)).toEqual([]);
  });

  it("does not flag an account when its whole peer segment rises with it", () => {
    const accounts = Array.from({ length: 60 }, (_, i) => account(i));
    const events = market(60, 0, 0);
    for (let a = 0; a < 60; a++)
      for (let w = 0; w < 3; w++)
        for (let k = 0; k < 6; k++) events.push({ account: a, daysAgo: 7 * w + 2, kind: 0 });
    const rows = intentTable(input(accounts, events, ["web_visit"]));
    expect(rows.every((r) => r.pOwn < 0.01)).toBe(true);
    expect(rows.filter((r) => r.inMarket)).toEqual([]);
  });

  it("compares small peer segments with all accounts", () => {
    const accounts = Array.from({ length: 60 }, (_, i) => account(i, i < 5 ? "tiny" : "peers"));
    const rows = intentTable(input(accounts, market(60, 3, 6), ["web_visit"]), { minPeers: 30 });
    expect(rows[0]?.peerGroup).toBe("all");
    expect(rows[10]?.peerGroup).toBe("peers");
  });

  it("decays engagement with the half-life and weighs kinds", () => {
    const accounts = [account(0), account(1), account(2)];
    const events: Event[] = [
      { account: 0, daysAgo: 0, kind: 0 },
      { account: 1, daysAgo: 30, kind: 0 },
      { account: 2, daysAgo: 0, kind: 1, value: 7 },
    ];
    const rows = intentTable(input(accounts, events, ["meeting", "intent"]), {
      halfLifeDays: 30,
      weights: {
        kinds: {
          meeting: { weight: 3, measure: "count" },
          intent: { weight: 0.5, measure: "value" },
        },
        other: { weight: 1, measure: "count" },
      },
    });
    expect(rows[0]?.engagement).toBeCloseTo(3, 10);
    expect(rows[1]?.engagement).toBeCloseTo(1.5, 10);
    expect(rows[2]?.engagement).toBeCloseTo(3.5, 10);
  });
});
