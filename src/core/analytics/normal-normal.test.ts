import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitBetweenVariance, type MeanObservation, shrinkMean } from "./normal-normal.js";
import { gauss, lcg } from "./test-random.js";

describe("normal-normal empirical Bayes", () => {
  it("recovers the between-group variance of simulated groups", () => {
    const u = lcg(3);
    const groups: MeanObservation[] = [];
    for (let g = 0; g < 500; g++) {
      const truth = 2 + 0.5 * gauss(u); // tau = 0.5
      const v = 0.04; // sampling variance
      groups.push({
        mean: truth + Math.sqrt(v) * gauss(u),
        variance: v,
        priorMean: 2,
        priorVariance: 0,
      });
    }
    const tau = Math.sqrt(fitBetweenVariance(groups));
    expect(tau).toBeGreaterThan(0.42);
    expect(tau).toBeLessThan(0.58);
  });

  it("pure noise around the parent gives a between-group variance near zero (sampling variance 0.09)", () => {
    const u = lcg(5);
    const groups: MeanObservation[] = Array.from({ length: 200 }, () => ({
      mean: 1 + 0.3 * gauss(u),
      variance: 0.09,
      priorMean: 1,
      priorVariance: 0,
    }));
    expect(fitBetweenVariance(groups)).toBeLessThan(0.03);
  });

  it("the posterior mean lies between the sample mean and the prior, closer to the prior with less data", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 4, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        (x, prior, tau2, n) => {
          const s2 = 1;
          const small = shrinkMean(
            { mean: x, variance: s2 / n, priorMean: prior, priorVariance: 0 },
            tau2,
            n,
          );
          const large = shrinkMean(
            { mean: x, variance: s2 / (4 * n), priorMean: prior, priorVariance: 0 },
            tau2,
            4 * n,
          );
          expect(small.mean).toBeGreaterThanOrEqual(Math.min(x, prior) - 1e-9);
          expect(small.mean).toBeLessThanOrEqual(Math.max(x, prior) + 1e-9);
          expect(Math.abs(small.mean - prior)).toBeLessThanOrEqual(
            Math.abs(large.mean - prior) + 1e-9,
          );
          expect(small.variance).toBeGreaterThanOrEqual(large.variance);
        },
      ),
    );
  });

  it("a group without data takes its parent's estimate with the between-group spread", () => {
    const e = shrinkMean(
      { mean: null, variance: Number.POSITIVE_INFINITY, priorMean: 3, priorVariance: 0.01 },
      0.25,
      0,
    );
    expect(e.mean).toBe(3);
    expect(e.variance).toBeCloseTo(0.26, 12);
  });
});
