import { describe, expect, it } from "vitest";
import { CONCENTRATION_RANGE, type RateObservation, shrinkRate } from "./beta-binomial.js";
import { concentrationPosterior, shrinkRateMixed } from "./concentration-posterior.js";
import { lcg } from "./test-random.js";

describe("averaging over the prior concentration", () => {
  it("puts its mass near the true concentration of simulated groups", () => {
    const u = lcg(21);
    const groups: RateObservation[] = [];
    for (let g = 0; g < 300; g++) {
      const us = Array.from({ length: 19 }, u).sort((a, b) => a - b);
      const p = us[5] ?? 0.3; // Beta(6, 14): concentration 20
      let y = 0;
      for (let i = 0; i < 50; i++) if (u() < p) y++;
      groups.push({ successes: y, trials: 50, priorMean: 0.3 });
    }
    const post = concentrationPosterior(groups);
    expect(post.weight.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(post.mode).toBeGreaterThan(10);
    expect(post.mode).toBeLessThan(40);
    const mass = post.kappa.reduce(
      (s, k, i) => s + (k > 8 && k < 50 ? (post.weight[i] ?? 0) : 0),
      0,
    );
    expect(mass).toBeGreaterThan(0.9);
  });

  it("keeps intervals wider than full pooling when groups look alike", () => {
    const u = lcg(5);
    const groups: RateObservation[] = Array.from({ length: 8 }, () => {
      let y = 0;
      for (let i = 0; i < 30; i++) if (u() < 0.4) y++;
      return { successes: y, trials: 30, priorMean: 0.4 };
    });
    const post = concentrationPosterior(groups);
    for (const g of groups) {
      const mixed = shrinkRateMixed(g.successes, g.trials, g.priorMean, 0, post);
      const pooled = shrinkRate(g.successes, g.trials, g.priorMean, CONCENTRATION_RANGE.max);
      expect(mixed.hi - mixed.lo).toBeGreaterThan(2 * (pooled.hi - pooled.lo));
      expect(mixed.mean).toBeGreaterThanOrEqual(
        Math.min(g.successes / g.trials, g.priorMean) - 1e-9,
      );
      expect(mixed.mean).toBeLessThanOrEqual(Math.max(g.successes / g.trials, g.priorMean) + 1e-9);
    }
  });
});
