import { describe, expect, it } from "vitest";
import { solveExact } from "../src/core/planning/exact.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { makeProblem, type PlanProblem } from "../src/core/planning/problem.js";
import type { PlanResult } from "../src/core/planning/result.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { requiredSkills } from "../src/core/planning/rules/skills.js";
import { tolerance } from "../src/core/planning/rules/tolerance.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { highsSolver } from "../src/io/solver/highs.js";
import { smallCases, standardRules } from "./plan-cases.js";

/** Every solver, behind one signature: the contract suite runs against each. */
const solvers: Record<string, (p: PlanProblem, rules: readonly PlanRule[]) => Promise<PlanResult>> =
  {
    milp: (p, rules) => solveExact(p, rules, highsSolver, { timeLimit: 20 }),
    heuristic: async (p, rules) => solveHeuristic(p, rules, { timeLimit: 0.5, seed: 3 }),
  };

describe.each(Object.entries(solvers))("plan validity: %s", (_name, solve) => {
  for (const c of smallCases()) {
    it(`returns a valid plan: ${c.name}`, async () => {
      const res = await solve(c.problem, c.rules);
      expect(res.issues).toEqual([]);
      expect(["optimal", "feasible"]).toContain(res.status);
      const assign = res.assign ?? new Int32Array();
      expect(assign.length).toBe(c.problem.n);
      for (const r of assign) expect(r >= 0 && r < c.problem.p).toBe(true);
      const check = validatePlan(c.problem, c.rules, assign);
      expect(check.valid).toBe(true);
      expect(res.objective).toBeCloseTo(check.objective, 9);
      expect(res.bound).toBeDefined();
      expect(res.bound ?? Number.NaN).toBeLessThanOrEqual((res.objective ?? 0) + 1e-7);
    });
  }

  it("explains a skill no rep has", async () => {
    const p = makeProblem({
      measureNames: ["accounts"],
      measures: [1, 1, 1, 1],
      x: [0, 1, 2, 3],
      y: [0, 0, 0, 0],
      tag: [0, -1, -1, -1],
      tagNames: ["healthcare"],
      capacity: [1, 1],
      skills: [[], []],
    });
    const res = await solve(p, [requiredSkills(p, ["healthcare"])]);
    expect(res.status).toBe("infeasible");
    expect(res.issues[0]).toMatchObject({ code: "skill_missing", ids: { skill: "healthcare" } });
    // The exact solver also names the unit no rep may take.
    for (const i of res.issues.slice(1))
      expect(i).toMatchObject({ code: "no_eligible_rep", ids: { unit_id: "#0" } });
  });

  it("explains a tolerance locked units already break", async () => {
    const p = makeProblem({
      measureNames: ["potential"],
      measures: [10, 10, 1, 1],
      x: [0, 1, 2, 3],
      y: [0, 0, 0, 0],
      capacity: [1, 1],
    });
    const res = await solve(p, [tolerance(p, 0, 0.05), locked(p, Int32Array.from([0, 0, -1, -1]))]);
    expect(res.status).toBe("infeasible");
    expect(res.issues).toEqual([
      expect.objectContaining({
        code: "locked_over_limit",
        ids: expect.objectContaining({ rep_id: "#0", measure: "potential" }),
        data: expect.objectContaining({ load: 20 }),
      }),
    ]);
  });

  it("does not return a silent bad plan when the tolerance is too tight", async () => {
    // Three equal units over two reps: no split is within 5% of 1.5 each.
    const p = makeProblem({
      measureNames: ["accounts"],
      measures: [1, 1, 1],
      x: [0, 1, 2],
      y: [0, 0, 0],
      capacity: [1, 1],
    });
    const res = await solve(p, standardRules(p, 0.05));
    expect(["infeasible", "invalid"]).toContain(res.status);
    expect(res.issues.length).toBeGreaterThan(0);
    for (const i of res.issues) {
      expect(["tolerance_exceeded", "constraints_conflict"]).toContain(i.code);
      expect(i.ids?.rule).toMatch(/^tolerance\(accounts/);
    }
  });
});
