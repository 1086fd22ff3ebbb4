import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aucWithInterval, brier, calibrationTable, logLoss, spearman, topLift } from "./metrics.js";

/** AUC by counting every positive/negative pair (ties half). */
function pairAuc(y: readonly number[], s: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] === 1 && y[j] === 0) {
        den++;
        num += (s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
  return num / den;
}

describe("metrics", () => {
  it("AUC equals the pair-counting definition, and its interval contains it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), {
          minLength: 4,
          maxLength: 60,
        }),
        (pairs) => {
          const y = pairs.map((p) => p[0]);
          const s = pairs.map((p) => p[1] / 5);
          fc.pre(y.includes(0) && y.includes(1));
          const a = aucWithInterval(y, s);
          expect(a.auc).toBeCloseTo(pairAuc(y, s), 12);
          expect(a.lo).toBeLessThanOrEqual(a.auc + 1e-12);
          expect(a.hi).toBeGreaterThanOrEqual(a.auc - 1e-12);
        },
      ),
    );
  });

  it("computes Brier, log-loss, top-decile lift and calibration bins", () => {
    const y = [1, 0, 1, 0];
    const p = [0.8, 0.2, 0.6, 0.4];
    expect(brier(y, p)).toBeCloseTo((0.04 + 0.04 + 0.16 + 0.16) / 4, 12);
    expect(logLoss(y, p)).toBeCloseTo(-(2 * Math.log(0.8) + 2 * Math.log(0.6)) / 4, 12);
    const many = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : i % 10 === 0 ? 1 : 0));
    const scores = Array.from({ length: 100 }, (_, i) => 100 - i);
    // Top 10 rows are all positive; 19 positives in 100 rows.
    expect(topLift(many, scores)).toBeCloseTo(1 / 0.19, 12);
    // Ties share a bin: a constant prediction is one bin, perfectly calibrated at the base rate.
    expect(calibrationTable([1, 0, 0, 1], [0.5, 0.5, 0.5, 0.5])).toEqual([
      { rows: 4, predicted: 0.5, observed: 0.5 },
    ]);
    const table = calibrationTable(y, p, 2);
    expect(table).toEqual([
      { rows: 2, predicted: 0.30000000000000004, observed: 0 },
      { rows: 2, predicted: 0.7, observed: 1 },
    ]);
  });

  it("Spearman correlation is 1 for any increasing map, -1 for a decreasing one, ties averaged", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 2, maxLength: 40 }), (xs) => {
        expect(
          spearman(
            xs,
            xs.map((x) => x ** 3 + 1),
          ),
        ).toBeCloseTo(1, 12);
        expect(
          spearman(
            xs,
            xs.map((x) => -2 * x),
          ),
        ).toBeCloseTo(-1, 12);
      }),
    );
    // Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): Pearson of the ranks.
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(spearman([1, 1], [1, 2])).toBeNaN();
  });
});
