import { describe, expect, it } from "vitest";
import { icpTable } from "./icp.js";
import { dealAccounts, facts } from "./test-facts.js";
import { whitespaceTable } from "./whitespace.js";

describe("whitespace", () => {
  it("gives customers below their segment's potential room to grow, prospects an expected deal value", () => {
    const customers = [100, 200, 400, 800, 1600, 3200].map((m, i) =>
      facts(`c${i}`, ["s"], { mrrNow: m, mrrYearAgo: m }),
    );
    const fs = [...customers, ...dealAccounts("d", ["s"], 4, 6), facts("p", ["s"])];
    const table = icpTable(fs, ["segment"], { potentialQuantile: 0.8 });
    const rows = whitespaceTable(fs, table);
    const small = rows.find((r) => r.accountId === "c0");
    const big = rows.find((r) => r.accountId === "c5");
    const prospect = rows.find((r) => r.accountId === "p");
    const potential = small?.potentialArr ?? 0;
    // The 80th percentile of these customers' ARR lies between the 4th and the largest.
    expect(potential).toBeGreaterThan(12 * 800);
    expect(potential).toBeLessThan(12 * 3200 * 1.5);
    expect(small?.whitespace).toBeCloseTo(potential - 1200, 6);
    expect(big?.whitespace).toBeGreaterThanOrEqual(0);
    expect(prospect?.whitespace).toBeNull();
    const s = table.segments.find((x) => x.key === "s");
    expect(prospect?.expectedDealValue).toBeCloseTo(
      (s?.winRate.mean ?? 0) * (s?.acv?.mean ?? 0),
      6,
    );
  });
});
