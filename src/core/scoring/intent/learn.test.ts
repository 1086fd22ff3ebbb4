import { describe, expect, it } from "vitest";
import { lcg } from "../../analytics/test-random.js";
import type { IntentInput } from "./input.js";
import { learnWeights } from "./learn.js";
import { DEFAULT_SIGNAL_WEIGHTS } from "./weights.js";

/** 3000 accounts: "lead" signals raise the odds of an opportunity, "noise" is random, "after" is rarer for buyers. */
function market() {
  const u = lcg(9);
  const n = 3000;
  const account: number[] = [];
  const daysAgo: number[] = [];
  const kind: number[] = [];
  const opened = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    const leads = u() < 0.3 ? 1 + Math.floor(u() * 3) : 0;
    const noise = Math.floor(u() * 4);
    const after = u() < 0.5 ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(-3 + 1.2 * leads - 1.5 * after)));
    opened[a] = u() < p ? 1 : 0;
    for (const [k, c] of [
      [0, leads],
      [1, noise],
      [2, after],
    ] as const)
      for (let i = 0; i < c; i++) {
        account.push(a);
        daysAgo.push(0);
        kind.push(k);
      }
  }
  const input: IntentInput = {
    asOf: "2026-01-31",
    accounts: Array.from({ length: n }, (_, a) => ({
      accountId: `A${a}`,
      peerGroup: "all",
      people: 0,
      personas: 0,
      leads: 0,
      opportunitiesOpened: 0,
    })),
    bins: {
      account: Int32Array.from(account),
      daysAgo: Int32Array.from(daysAgo),
      kind: Int32Array.from(kind),
      count: Float64Array.from(account, () => 1),
      value: Float64Array.from(account, () => 1),
      kinds: ["lead", "noise", "after"],
    },
  };
  return { input, opened };
}

describe("learning signal weights", () => {
  it("weighs the kind that precedes opportunities, and gives 0 to noise and to a negative kind", () => {
    const { input, opened } = market();
    const lw = learnWeights(input, opened, DEFAULT_SIGNAL_WEIGHTS, 30);
    const w = Object.fromEntries(lw.kinds.map((k) => [k.kind, k.weight]));
    expect(w.lead).toBeGreaterThan(0.8);
    expect(w.lead).toBeLessThan(1.6);
    expect(w.noise).toBeLessThan(0.15);
    expect(w.after).toBe(0);
    expect(lw.weights.kinds.lead?.weight).toBe(w.lead);
    expect(lw.positives).toBe(opened.reduce((s, x) => s + x, 0));
  });
});
