import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutDeal, dealAt } from "./asof.js";
import type { DealEvent, DealRecord } from "./types.js";

const STAGES = ["A", "B", "C"];
const event = fc.record({
  day: fc.integer({ min: 0, max: 200 }),
  stage: fc.constantFrom<string | null>(...STAGES, null),
  status: fc.constantFrom<DealEvent["status"]>("open", "open", "open", "won", "lost", null),
  amount: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
  closeDate: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  category: fc.constantFrom<string | null>("commit", "pipeline", null),
});
const deal = fc
  .record({
    created: fc.integer({ min: 0, max: 150 }),
    status: fc.constantFrom<DealRecord["status"]>("open", "won", "lost"),
    stage: fc.constantFrom<string | null>(...STAGES, null),
    amount: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    closeDate: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
    events: fc.array(event, { maxLength: 6 }),
  })
  .map(
    (d): DealRecord => ({
      id: "D",
      account: "A",
      owner: "R",
      type: "new",
      category: null,
      ...d,
      events: [...d.events].sort((a, b) => a.day - b.day),
    }),
  );

describe("deals as of a date", () => {
  it("reads the same state from the deal as a store cut at that date holds it", () => {
    fc.assert(
      fc.property(deal, fc.integer({ min: 0, max: 320 }), (d, t) => {
        const cut = cutDeal(d, t);
        expect(cut === undefined).toBe(d.created > t);
        if (cut) expect(dealAt(cut, t)).toEqual(dealAt(d, t));
      }),
      { numRuns: 2000 },
    );
  });

  it("never shows an outcome, amount or stage that comes later", () => {
    fc.assert(
      fc.property(deal, fc.integer({ min: 0, max: 320 }), (d, t) => {
        const s = dealAt(d, t);
        if (!s) return;
        const later = { ...d, events: d.events.filter((e) => e.day <= t) };
        // Whatever happened after t (events, or the row's outcome if it closed after t) is invisible.
        const hidden: DealRecord =
          d.status !== "open" && (d.closeDate === null || d.closeDate > t)
            ? { ...later, status: "won", amount: 999_999, stage: "Z", closeDate: t + 1 }
            : later;
        const h = dealAt(hidden, t);
        if (d.status !== "open" && (d.closeDate === null || d.closeDate > t)) {
          expect(h?.status).toBe(s.status);
          expect(h?.stage).toBe(s.stage);
          if (d.events.every((e) => e.day > t)) expect(s.amount).toBeNull();
        } else expect(h).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });
});
