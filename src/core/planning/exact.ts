import { issue } from "../issues.js";
import { forbiddenBy } from "./eligibility.js";
import { unitId, unitIds } from "./ids.js";
import { decodeAssignment, formulate } from "./milp/formulate.js";
import type { MilpSolver } from "./milp/model.js";
import { precheck } from "./precheck.js";
import type { PlanProblem } from "./problem.js";
import { type PlanResult, relativeGap } from "./result.js";
import type { PlanRule } from "./rules/rule.js";
import { validatePlan } from "./validate.js";

/** Options of the exact solver. */
export interface ExactOptions {
  readonly timeLimit?: number;
  readonly relGap?: number;
}

/**
 * Solve a plan exactly: formulate the MILP, hand it to `solver` (e.g. HiGHS), decode and check
 * the plan independently. An infeasible model is explained: the prechecks, then which
 * constraint rules, dropped one at a time, make the model feasible.
 */
export async function solveExact(
  p: PlanProblem,
  rules: readonly PlanRule[],
  solver: MilpSolver,
  opts: ExactOptions = {},
): Promise<PlanResult> {
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  const boundNote = "MILP dual bound on the optimal objective (HiGHS)";
  const base = { boundNote, solver: "milp" } as const;
  const pre = precheck(p, rules);
  const f = formulate(p, rules);
  const orphanIssues = f.orphans.slice(0, 10).map((u) => {
    const by = [...new Set(Array.from({ length: p.p }, (_, r) => forbiddenBy(rules, u, r)).flat())];
    return issue(
      "no_eligible_rep",
      `${unitId(p, u)} has no eligible rep (forbidden by ${by.join(", ")})`,
      {
        ids: unitIds(p, u),
        data: { forbidden_by: by },
      },
    );
  });
  if (pre.length || orphanIssues.length) {
    return { ...base, status: "infeasible", issues: [...pre, ...orphanIssues], seconds: seconds() };
  }
  const timeLimit = opts.timeLimit ?? 60;
  const res = await solver(f.model, {
    timeLimit,
    ...(opts.relGap !== undefined ? { relGap: opts.relGap } : {}),
  });
  if (res.status === "infeasible") {
    const culprits: string[] = [];
    for (const rule of rules) {
      if (rule.kind !== "constraint") continue;
      const rest = rules.filter((r) => r !== rule);
      const g = formulate(p, rest);
      const r2 = await solver(g.model, { timeLimit: Math.max(1, timeLimit / 4) });
      if (r2.status === "optimal" || (r2.status === "time-limit" && r2.values))
        culprits.push(rule.name);
    }
    const issues = culprits.length
      ? culprits.map((c) =>
          issue(
            "constraints_conflict",
            `cannot be met together with the other constraints: ${c} (the plan becomes feasible without it)`,
            { ids: { rule: c } },
          ),
        )
      : [
          issue(
            "constraints_conflict",
            "the constraints cannot all hold together, and no single constraint is to blame: relax several",
          ),
        ];
    return { ...base, status: "infeasible", issues, seconds: seconds() };
  }
  if (!res.values) {
    return {
      ...base,
      status: "invalid",
      issues: [
        issue("solver_failed", `MILP solver: ${res.status}: ${res.message}`, {
          data: { status: res.status },
        }),
      ],
      seconds: seconds(),
    };
  }
  const assign = decodeAssignment(p, f.cols, res.values);
  const check = validatePlan(p, rules, assign);
  const bound = res.bound ?? (res.status === "optimal" ? res.objective : undefined);
  return {
    ...base,
    status: !check.valid ? "invalid" : res.status === "optimal" ? "optimal" : "feasible",
    assign,
    objective: check.objective,
    ...(bound !== undefined ? { bound, gap: relativeGap(check.objective, bound) } : {}),
    issues: check.issues,
    seconds: seconds(),
  };
}
