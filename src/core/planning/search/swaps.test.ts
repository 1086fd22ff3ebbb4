import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeLoads, makeProblem } from "../problem.js";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import { contiguity } from "../rules/contiguity.js";
import { tolerance } from "../rules/tolerance.js";
import { syntheticProblem } from "../synthetic.js";
import { searchContext, searchCost } from "./context.js";
import { localSearch } from "./local.js";
import { regionStart } from "./regions.js";
import { swapSearch } from "./swaps.js";

describe("swap search", () => {
  it("keeps loads equal to a full recomputation, never raises the cost, and keeps territories connected", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 100, max: 900 }),
        fc.integer({ min: 2, max: 12 }),
        fc.boolean(),
        (seed, n, reps, connected) => {
          const p = syntheticProblem({ n, p: reps, seed, grid: connected });
          const rules = [
            tolerance(p, 0, 0.1),
            tolerance(p, 2, 0.05),
            balance(p, [0, 1, 2]),
            compactness(p),
            ...(connected ? [contiguity(p)] : []),
          ];
          const ctx = searchContext(p, rules, 4);
          const assign = connected
            ? regionStart(ctx, seed, Date.now() + 2000)
            : Int32Array.from(p.owner);
          // The contiguity rule's own check of a finished plan (what the validator runs).
          const split = () =>
            connected ? contiguity(p).check(assign, computeLoads(p, assign)).violations : [];
          const broken = split().length;
          const { cost: before, loads } = searchCost(ctx, assign);
          localSearch(ctx, assign, loads, { deadline: Date.now() + 2000, seed, maxSweeps: 3 });
          const mid = searchCost(ctx, assign).cost;
          swapSearch(ctx, assign, loads, { deadline: Date.now() + 2000 });
          const full = computeLoads(p, assign);
          for (let r = 0; r < p.p; r++)
            for (let a = 0; a < ctx.mA; a++)
              expect(loads[r * ctx.mA + a]).toBeCloseTo(
                full[r * 3 + (ctx.curves.active[a] ?? 0)] ?? 0,
                6,
              );
          const after = searchCost(ctx, assign).cost;
          expect(after).toBeLessThanOrEqual(mid + 1e-9);
          expect(mid).toBeLessThanOrEqual(before + 1e-9);
          for (let u = 0; u < p.n; u++) expect(ctx.allows(u, assign[u] ?? 0)).toBe(true);
          if (broken === 0) expect(split()).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("trades units that no single move can shift without breaking the account-count band", () => {
    // Two reps at x = 0 and x = 10; each owns the two accounts nearest the other's home. Counts
    // must stay at 2 each, so every relocation is out of band; two exchanges reach the optimum.
    const p = makeProblem({
      measureNames: ["accounts"],
      measures: [1, 1, 1, 1],
      x: [1, 2, 8, 9],
      y: [0, 0, 0, 0],
      owner: [1, 1, 0, 0],
      capacity: [1, 1],
      homeX: [0, 10],
      homeY: [0, 0],
    });
    const rules = [tolerance(p, 0, 0.01), compactness(p, 1e-3)];
    const ctx = searchContext(p, rules, 2);
    const assign = Int32Array.from(p.owner);
    const { cost: start, loads } = searchCost(ctx, assign);
    const ls = localSearch(ctx, assign, loads, { deadline: Date.now() + 1000, seed: 1 });
    expect(ls.moves).toBe(0);
    const sw = swapSearch(ctx, assign, loads, { deadline: Date.now() + 1000 });
    expect(sw.swaps).toBe(2);
    expect(Array.from(assign)).toEqual([0, 0, 1, 1]);
    expect(searchCost(ctx, assign).cost).toBeLessThan(start);
  });
});
