import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONCENTRATION_RANGE,
  fitConcentration,
  type RateObservation,
  shrinkRate,
} from "./beta-binomial.js";
import { lcg } from "./test-random.js";

function binomial(n: number, p: number, u: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (u() < p) k++;
  return k;
}

describe("beta-binomial empirical Bayes", () => {
  it("shrinkage never ranks a tiny segment above a large one with the same observed rate at or above the parent's", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: CONCENTRATION_RANGE.min, max: 1000, noNaN: true }),
        (nSmall, factor, rate, prior, kappa) => {
          const nLarge = nSmall * factor;
          const ySmall = Math.round(rate * nSmall);
          const observed = ySmall / nSmall;
          const small = shrinkRate(ySmall, nSmall, prior, kappa);
          const large = shrinkRate(ySmall * factor, nLarge, prior, kappa);
          if (observed >= prior) {
            expect(small.mean).toBeLessThanOrEqual(large.mean + 1e-12);
            // The conservative (lower) bound, used to rank with caution, agrees.
            expect(small.lo).toBeLessThanOrEqual(large.lo + 1e-9);
          }
          // Whatever the rate, the tiny segment sits closer to its parent.
          expect(Math.abs(small.mean - prior)).toBeLessThanOrEqual(
            Math.abs(large.mean - prior) + 1e-12,
          );
        },
      ),
    );
  });

  it("the shrunk rate lies between the observed rate and the prior mean", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 1e4, noNaN: true }),
        (y, extra, m, kappa) => {
          const n = y + extra;
          const r = shrinkRate(y, n, m, kappa);
          const obs = n > 0 ? y / n : m;
          expect(r.mean).toBeGreaterThanOrEqual(Math.min(obs, m) - 1e-9);
          expect(r.mean).toBeLessThanOrEqual(Math.max(obs, m) + 1e-9);
          // (A very skewed posterior may put its mean outside the central interval.)
          expect(r.lo).toBeLessThanOrEqual(r.hi);
        },
      ),
    );
  });

  it("recovers the prior concentration of simulated groups", () => {
    const u = lcg(7);
    const groups: RateObservation[] = [];
    // True rates ~ Beta(6, 14): mean 0.3, concentration 20; 400 groups of 60 trials.
    for (let g = 0; g < 400; g++) {
      // Beta(6, 14) draw as the 6th order statistic of 19 uniforms.
      const us = Array.from({ length: 19 }, u).sort((a, b) => a - b);
      const p = us[5] ?? 0.3;
      groups.push({ successes: binomial(60, p, u), trials: 60, priorMean: 0.3 });
    }
    const kappa = fitConcentration(groups);
    expect(kappa).toBeGreaterThan(12);
    expect(kappa).toBeLessThan(32);
  });

  it("groups that differ only by chance give (near) full pooling", () => {
    const u = lcg(11);
    const groups: RateObservation[] = Array.from({ length: 50 }, () => ({
      successes: binomial(40, 0.25, u),
      trials: 40,
      priorMean: 0.25,
    }));
    expect(fitConcentration(groups)).toBeGreaterThan(500);
  });
});
