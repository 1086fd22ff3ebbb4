import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BookConfigSchema } from "./config.js";
import type { BookHistory } from "./snapshot.js";
import { snapshotAt } from "./snapshot.js";

function history(values: readonly number[]): BookHistory {
  return {
    end: 20_000,
    planId: "p",
    accounts: values.map((value, i) => ({
      id: `A${String(i).padStart(4, "0")}`,
      patchOwner: "AE0",
      value,
      inIcp: true,
      isCustomer: false,
      peerGroup: "all",
    })),
    reps: [{ id: "AE0", role: "ae", capacity: 10 }],
    opportunities: [],
    signals: {
      account: new Int32Array(0),
      day: new Int32Array(0),
      kind: new Int32Array(0),
      count: new Float64Array(0),
      value: new Float64Array(0),
      kinds: [],
    },
    meetingKinds: ["meeting"],
  };
}

describe("snapshot good fit", () => {
  it("is the top warmingShare of accounts by value, ties to the earlier account (as a full sort)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        (raw, percent) => {
          const share = percent / 100;
          const values = raw.map((v) => v * 1000);
          const c = BookConfigSchema.parse({ warmingShare: share });
          const got = snapshotAt(history(values), 20_000, c).accounts.map((a) => a.goodFit);
          const order = values
            .map((_, i) => i)
            .sort((x, y) => (values[y] ?? 0) - (values[x] ?? 0) || x - y);
          const top = new Set(order.slice(0, Math.round(share * values.length)));
          expect(got).toEqual(values.map((v, i) => top.has(i) && v > 0));
        },
      ),
    );
  });
});
