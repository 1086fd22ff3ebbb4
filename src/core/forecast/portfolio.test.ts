import { describe, expect, it } from "vitest";
import type { DealScore } from "./model.js";
import { type Holding, portfolio } from "./portfolio.js";

const holding = (account: string, arr: number, targetValue: number): Holding => ({
  account,
  name: null,
  segment: "s",
  arr,
  arrYearAgo: arr / 2,
  potential: 100,
  targetValue,
});
const score = (account: string, pWin: number): DealScore =>
  ({
    deal: { account },
    pWin,
    input: { momentum: { hasUsage: false, level: 0 } },
  }) as unknown as DealScore;

describe("portfolio", () => {
  it("ranks holdings by the expected value still to realise: open deals, else the target value", () => {
    const rows = portfolio(
      [holding("A", 10, 50), holding("B", 200, 0), holding("C", 0, 30)],
      [score("A", 0.5), score("A", 0.2), score("B", 0.9)],
      [100, 100, 40],
    );
    expect(rows.map((r) => r.account)).toEqual(["A", "B", "C"]);
    const a = rows[0];
    expect(a?.expectedValue).toBeCloseTo(70, 9);
    expect(a?.openDeals).toBe(2);
    expect(a?.pWin).toBe(0.5);
    expect(a?.growth).toBeCloseTo(1, 9);
    expect(rows[1]?.whitespace).toBe(0);
    expect(rows[2]?.returnValue).toBe(30);
  });
});
