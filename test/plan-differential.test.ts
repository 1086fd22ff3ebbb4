import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveExact } from "../src/core/planning/exact.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";
import { highsSolver } from "../src/io/solver/highs.js";
import { smallCases, standardRules } from "./plan-cases.js";

describe("heuristic against the MILP optimum", () => {
  for (const c of smallCases()) {
    it(`bounds and approaches the optimum: ${c.name}`, async () => {
      const exact = await solveExact(c.problem, c.rules, highsSolver, { timeLimit: 20 });
      expect(exact.status).toBe("optimal");
      const opt = exact.objective ?? Number.NaN;
      const h = solveHeuristic(c.problem, c.rules, { timeLimit: 1, seed: 5 });
      // The heuristic's bound is a proven lower bound, its plan no better than the optimum.
      expect(h.bound ?? Number.NaN).toBeLessThanOrEqual(opt + 1e-7);
      expect(h.objective ?? Number.NaN).toBeGreaterThanOrEqual(opt - 1e-7);
      expect(h.objective ?? Number.NaN).toBeLessThanOrEqual(opt * 1.05 + 1e-9);
    });
  }

  it("never reports a bound above the optimum on random instances", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 6, max: 12 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.2, max: 0.6, noNaN: true }),
        async (n, p, seed, tol) => {
          const problem = syntheticProblem({ n, p, seed });
          const rules = standardRules(problem, tol);
          const exact = await solveExact(problem, rules, highsSolver, { timeLimit: 10 });
          const h = solveHeuristic(problem, rules, { timeLimit: 0.3, seed });
          if (exact.status !== "optimal") return;
          expect(h.bound ?? Number.NaN).toBeLessThanOrEqual((exact.objective ?? 0) + 1e-7);
          if (h.status === "feasible")
            expect(h.objective ?? 0).toBeGreaterThanOrEqual((exact.objective ?? 0) - 1e-7);
        },
      ),
      { numRuns: 12, seed: 42 },
    );
  });
});
