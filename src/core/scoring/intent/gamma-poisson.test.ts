import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lgamma } from "../../analytics/special.js";
import { fitGammaPrior, upperTail } from "./gamma-poisson.js";

/** P(X = k) of the negative binomial NB(r, p), counted directly. */
function nbPmf(k: number, r: number, p: number): number {
  return Math.exp(lgamma(k + r) - lgamma(k + 1) - lgamma(r) + r * Math.log(p) + k * Math.log1p(-p));
}

describe("gamma-Poisson", () => {
  it("the upper tail equals one minus the summed negative-binomial probabilities", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (c, shape, rate, weeks) => {
          const p = rate / (rate + weeks);
          let below = 0;
          for (let k = 0; k < c; k++) below += nbPmf(k, shape, p);
          expect(upperTail(c, { shape, rate }, weeks)).toBeCloseTo(1 - below, 6);
        },
      ),
    );
  });

  it("fits the mean rate, and a tight prior when counts vary no more than Poisson", () => {
    const counts = Array.from({ length: 1000 }, (_, i) => [3, 4, 5, 4][i % 4] ?? 4);
    const g = fitGammaPrior(counts, 2);
    expect(g.shape / g.rate).toBeCloseTo(2, 6);
    expect(g.shape).toBeGreaterThan(1000);
    const spread = fitGammaPrior(
      Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 40 : 0)),
      1,
    );
    expect(spread.shape / spread.rate).toBeCloseTo(4, 6);
    expect(spread.shape).toBeLessThan(1);
  });
});
