import type { PlanProblem } from "../src/core/planning/problem.js";
import { contiguity } from "../src/core/planning/rules/contiguity.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { requiredSkills } from "../src/core/planning/rules/skills.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";

/** A named test instance: a problem and its rules. */
export interface PlanCase {
  readonly name: string;
  readonly problem: PlanProblem;
  readonly rules: readonly PlanRule[];
}

/** Small feasible instances every solver must handle (MILP-sized). */
export function smallCases(): PlanCase[] {
  const a = syntheticProblem({ n: 14, p: 3, seed: 11 });
  const b = syntheticProblem({ n: 16, p: 4, seed: 12, tags: ["healthcare"] });
  const lockB = new Int32Array(b.n).fill(-1);
  const untagged = [...b.tag.keys()].filter((u) => b.tag[u] === -1);
  lockB[untagged[0] ?? 0] = 2;
  lockB[untagged[3] ?? 0] = 1;
  const c = syntheticProblem({ n: 16, p: 3, seed: 13, grid: true });
  const d = syntheticProblem({ n: 12, p: 2, seed: 14, sigma: 0.3 });
  return [
    { name: "balance + compactness + disruption", problem: a, rules: standardRules(a, 0.35) },
    {
      name: "locks and required skills",
      problem: b,
      rules: [...standardRules(b, 0.5), locked(b, lockB), requiredSkills(b, ["healthcare"])],
    },
    {
      name: "contiguous territories",
      problem: c,
      rules: [...standardRules(c, 0.4), contiguity(c)],
    },
    { name: "tight tolerance, two reps", problem: d, rules: standardRules(d, 0.1) },
  ];
}

export { standardRules };
