import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { locked } from "../src/core/planning/rules/locked.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { standardRules } from "./plan-cases.js";

describe("heuristic invariants", () => {
  it("assigns each unit exactly once, keeps locks, meets feasible tolerances", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 1500 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (n, p, seed, lockPicks) => {
          const problem = syntheticProblem({ n, p, seed, sigma: 0.5 });
          const lockTo = new Int32Array(n).fill(-1);
          for (const pick of lockPicks) lockTo[pick % n] = pick % p;
          // +-30% with 200+ small units per few reps leaves a lot of room: always feasible.
          const rules = [...standardRules(problem, 0.3), locked(problem, lockTo)];
          const res = solveHeuristic(problem, rules, { timeLimit: 0.3, seed });
          const assign = res.assign ?? new Int32Array();
          expect(assign.length).toBe(n);
          for (let u = 0; u < n; u++) {
            const r = assign[u] ?? -1;
            expect(r >= 0 && r < p).toBe(true);
            if ((lockTo[u] ?? -1) >= 0) expect(r).toBe(lockTo[u]);
          }
          const check = validatePlan(problem, rules, assign);
          expect(check.issues).toEqual([]);
          expect(res.status).toBe("feasible");
          expect(res.bound ?? Number.NaN).toBeLessThanOrEqual((res.objective ?? 0) + 1e-9);
        },
      ),
      { numRuns: 15, seed: 7 },
    );
  });
});
