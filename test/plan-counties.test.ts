import { describe, expect, it } from "vitest";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { buildScenario } from "../src/core/planning/scenario/build.js";
import { parseScenarioConfig } from "../src/core/planning/scenario/config.js";
import { countyMarket } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { usCounties } from "../src/io/plan/counties.js";

describe("county plans with contiguity", () => {
  it("finds connected territories within +-25% on potential and accounts", () => {
    const geo = usCounties();
    const { accounts, reps } = countyMarket(geo, 7);
    const parsed = parseScenarioConfig({
      measures: [
        { name: "potential", column: "revenue", tolerance: 0.25 },
        { name: "accounts", count: true, tolerance: 0.25 },
      ],
      weights: { balance: 1, compactness: 1, disruption: 0 },
      units: "counties",
      contiguity: true,
      solver: "heuristic",
      timeLimit: 8,
    });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const { problem, rules } = buildScenario(parsed.config, accounts, reps, geo);
    expect(problem.n).toBe(geo.ids.length);
    const res = solveHeuristic(problem, rules, { timeLimit: 8, seed: 1 });
    expect(res.issues).toEqual([]);
    expect(res.status).toBe("feasible");
    const check = validatePlan(problem, rules, res.assign ?? new Int32Array(0));
    expect(check.valid).toBe(true);
  }, 30_000);
});
