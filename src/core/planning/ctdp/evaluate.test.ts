import { describe, expect, it } from "vitest";
import { compareObjectives, evaluateSolution } from "./evaluate.js";
import { makeInstance } from "./instance.js";

// A path of 4 units on a line at x = 0, 1, 3, 6; unit activities chosen so the means are easy.
const path4 = makeInstance({
  p: 2,
  x: [0, 1, 3, 6],
  y: [0, 0, 0, 0],
  w: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
  tau: [0.05, 0.05, 0.05],
  edges: [0, 1, 1, 2, 2, 3],
});

describe("evaluateSolution", () => {
  it("computes diameter, balance and connectivity of a balanced split", () => {
    const ev = evaluateSolution(path4, [0, 0, 1, 1]);
    expect(ev.complete).toBe(true);
    expect(ev.connected).toBe(true);
    expect(ev.balanceExcess).toBe(0);
    expect(Array.from(ev.diameters)).toEqual([1, 3]);
    expect(ev.diameter).toBe(3);
  });

  it("measures the balance excess of an unbalanced split", () => {
    // Territory 0 holds 30 per measure, territory 1 holds 10; mu = 20, tau = 0.05.
    // Each territory deviates by 50% in each of 3 measures: excess = 2 * 3 * (0.5 - 0.05).
    const ev = evaluateSolution(path4, [0, 0, 0, 1]);
    expect(ev.balanceExcess).toBeCloseTo(2.7, 12);
    expect(ev.diameter).toBe(3);
    expect(ev.connected).toBe(true);
  });

  it("detects a disconnected territory", () => {
    const ev = evaluateSolution(path4, [0, 1, 1, 0]);
    expect(ev.connected).toBe(false);
    expect(ev.disconnected).toEqual([0]);
    expect(ev.diameter).toBe(6);
  });

  it("detects empty territories and bad ids", () => {
    const empty = evaluateSolution(path4, [0, 0, 0, 0]);
    expect(empty.disconnected).toEqual([1]);
    const bad = evaluateSolution(path4, [0, 2, 1, 1.5]);
    expect(bad.complete).toBe(false);
    expect(bad.badUnits).toEqual([1, 3]);
    const short = evaluateSolution(path4, [0, 0, 1]);
    expect(short.badUnits).toEqual([3]);
    const long = evaluateSolution(path4, [0, 0, 1, 1, 1]);
    expect(long.badUnits).toEqual([4]);
  });

  it("handles a triangle with a diagonal diameter", () => {
    const tri = makeInstance({
      p: 1,
      x: [0, 3, 0],
      y: [0, 0, 4],
      w: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      tau: [0, 0, 0],
      edges: [0, 1, 1, 2],
    });
    const ev = evaluateSolution(tri, [0, 0, 0]);
    expect(ev.diameter).toBe(5);
    expect(ev.balanceExcess).toBe(0);
  });
});

describe("compareObjectives", () => {
  it("orders by balance excess first, then diameter", () => {
    expect(
      compareObjectives({ balanceExcess: 0, diameter: 9 }, { balanceExcess: 0.1, diameter: 1 }),
    ).toBeLessThan(0);
    expect(
      compareObjectives({ balanceExcess: 0, diameter: 2 }, { balanceExcess: 0, diameter: 3 }),
    ).toBeLessThan(0);
    expect(
      compareObjectives({ balanceExcess: 0, diameter: 3 }, { balanceExcess: 0, diameter: 3 }),
    ).toBe(0);
  });
});
