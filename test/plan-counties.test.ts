import { describe, expect, it } from "vitest";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { countyScenario } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { usCounties } from "../src/io/plan/counties.js";

describe("county plans with contiguity", () => {
  it("finds connected territories within +-25% on potential and accounts", () => {
    const geo = usCounties();
    const { problem, rules } = countyScenario(geo, 7, 0.25, 0);
    expect(problem.n).toBe(geo.ids.length);
    const res = solveHeuristic(problem, rules, { timeLimit: 8, seed: 1 });
    expect(res.issues).toEqual([]);
    expect(res.status).toBe("feasible");
    const check = validatePlan(problem, rules, res.assign ?? new Int32Array(0));
    expect(check.valid).toBe(true);
  }, 30_000);
});
