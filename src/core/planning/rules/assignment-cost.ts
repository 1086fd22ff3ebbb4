import type { PlanProblem } from "../problem.js";
import type { PlanRule, RuleCheck } from "./rule.js";

/** The MILP and check parts shared by objectives that are linear in the assignment. */
export function linearObjective(
  p: PlanProblem,
  weight: number,
  unitCost: (u: number, r: number) => number,
): Required<Pick<PlanRule, "formulate">> & { check(assign: Int32Array): RuleCheck } {
  return {
    formulate(b, x) {
      if (weight === 0) return;
      for (let u = 0; u < p.n; u++) {
        for (let r = 0; r < p.p; r++) {
          const j = x.col(u, r);
          if (j >= 0) b.addCost(j, weight * unitCost(u, r));
        }
      }
    },
    check(assign) {
      let value = 0;
      for (let u = 0; u < p.n; u++) {
        const r = assign[u] ?? -1;
        if (r >= 0) value += unitCost(u, r);
      }
      return { value, violations: [] };
    },
  };
}
