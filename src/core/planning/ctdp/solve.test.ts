import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSolution } from "./evaluate.js";
import { gridInstance } from "./grid.js";
import { makeInstance } from "./instance.js";
import { solveCtdp } from "./solve.js";

/**
 * A clock that advances one "millisecond" per reading: the search reads it every few dozen
 * iterations, so runs are deterministic and do not depend on the machine's load.
 */
function tickClock(): () => number {
  let t = 0;
  return () => t++;
}

describe("solveCtdp", () => {
  it("returns a connected, complete, balanced partition of an easy grid", () => {
    // Nearly equal activities: a balanced partition into 6 territories clearly exists.
    const inst = gridInstance({
      rows: 15,
      cols: 15,
      p: 6,
      seed: 11,
      ranges: [
        [9, 11],
        [90, 110],
        [45, 55],
      ],
    });
    const seen: number[] = [];
    const sol = solveCtdp(inst, {
      timeLimitMs: 1500,
      now: tickClock(),
      seed: 5,
      onImprove: (s) => seen.push(s.diameter),
    });
    const ev = evaluateSolution(inst, sol.assignment);
    expect(ev.complete).toBe(true);
    expect(ev.connected).toBe(true);
    expect(ev.balanceExcess).toBe(0);
    expect(sol.balanceExcess).toBe(0);
    expect(ev.diameter).toBeCloseTo(sol.diameter, 9);
    expect(seen.length).toBeGreaterThan(0);
    // Six equal territories of a 1000 x 1000 square cannot all be thinner than this.
    expect(ev.diameter).toBeGreaterThan(300);
    expect(ev.diameter).toBeLessThan(700);
  });

  it("balances DS-style random activities on Delaunay-like grids", () => {
    for (const [rows, cols, p, seed] of [
      [10, 12, 4, 1],
      [14, 16, 8, 2],
      [17, 17, 12, 3],
    ] as const) {
      const inst = gridInstance({ rows, cols, p, seed });
      const sol = solveCtdp(inst, { timeLimitMs: 1000, now: tickClock(), seed });
      const ev = evaluateSolution(inst, sol.assignment);
      expect(ev.complete).toBe(true);
      expect(ev.connected).toBe(true);
      expect(ev.balanceExcess).toBe(0);
    }
  });

  it("always returns a complete, connected partition whose reported objective is exact", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 60 }),
        (rows, cols, p, seed, budget) => {
          const inst = gridInstance({ rows, cols, p: Math.min(p, rows * cols), seed, jitter: 0.7 });
          const sol = solveCtdp(inst, { timeLimitMs: budget, now: tickClock(), seed });
          const ev = evaluateSolution(inst, sol.assignment);
          expect(ev.complete).toBe(true);
          expect(ev.connected).toBe(true);
          expect(sol.balanceExcess).toBeCloseTo(ev.balanceExcess, 6);
          expect(sol.diameter).toBeCloseTo(ev.diameter, 9);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("stays connected and complete when balance is impossible", () => {
    // One heavy unit outweighs the whole tolerance: no balanced solution exists.
    const grid = gridInstance({ rows: 8, cols: 8, p: 5, seed: 4 });
    const w = grid.w.slice();
    w[0] = 1e6;
    const edges: number[] = [];
    for (let u = 0; u < grid.n; u++) {
      for (let j = grid.adjStart[u] ?? 0; j < (grid.adjStart[u + 1] ?? 0); j++)
        edges.push(u, grid.adj[j] ?? 0);
    }
    const inst = makeInstance({ p: 5, x: grid.x, y: grid.y, w, tau: grid.tau, edges });
    const sol = solveCtdp(inst, { timeLimitMs: 300, now: tickClock(), seed: 1 });
    const ev = evaluateSolution(inst, sol.assignment);
    expect(ev.complete).toBe(true);
    expect(ev.connected).toBe(true);
    expect(ev.balanceExcess).toBeGreaterThan(0);
    expect(sol.balanceExcess).toBeCloseTo(ev.balanceExcess, 6);
  });
});
