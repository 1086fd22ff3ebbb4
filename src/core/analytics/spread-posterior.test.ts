import { describe, expect, it } from "vitest";
import type { MeanObservation } from "./normal-normal.js";
import { shrinkMeanMixed, spreadPosterior } from "./spread-posterior.js";
import { gauss, lcg } from "./test-random.js";

describe("averaging over the between-segment spread", () => {
  it("puts its mass near the true spread", () => {
    const u = lcg(8);
    const groups: MeanObservation[] = Array.from({ length: 300 }, () => ({
      mean: 0.5 * gauss(u) + 0.2 * gauss(u), // tau 0.5, sampling sd 0.2
      variance: 0.04,
      priorMean: 0,
      priorVariance: 0,
    }));
    const post = spreadPosterior(groups);
    expect(post.weight.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const mass = post.tau.reduce(
      (s, t, i) => s + (t > 0.4 && t < 0.6 ? (post.weight[i] ?? 0) : 0),
      0,
    );
    expect(mass).toBeGreaterThan(0.9);
  });

  it("keeps some doubt when segments look alike, instead of collapsing onto the parent", () => {
    const u = lcg(4);
    const groups: MeanObservation[] = Array.from({ length: 6 }, () => ({
      mean: 0.3 * gauss(u),
      variance: 0.09,
      priorMean: 0,
      priorVariance: 0,
    }));
    const post = spreadPosterior(groups);
    const e = shrinkMeanMixed(groups[0] as MeanObservation, post, 10);
    expect(e.variance).toBeGreaterThan(0.001);
    expect(Math.abs(e.mean)).toBeLessThanOrEqual(Math.abs(groups[0]?.mean ?? 0) + 1e-12);
  });

  it("survives identical values (zero variance everywhere)", () => {
    const groups: MeanObservation[] = Array.from({ length: 4 }, () => ({
      mean: 2,
      variance: 0,
      priorMean: 2,
      priorVariance: 0,
    }));
    const e = shrinkMeanMixed(groups[0] as MeanObservation, spreadPosterior(groups), 3);
    expect(e.mean).toBe(2);
    expect(Number.isFinite(e.variance)).toBe(true);
  });
});
