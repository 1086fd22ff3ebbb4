import { type Issue, issue } from "../issues.js";
import { unitId, unitIds } from "./ids.js";
import { computeLoads, type PlanProblem } from "./problem.js";
import type { PlanRule } from "./rules/rule.js";

/** One rule's contribution to a checked plan. */
export interface TermValue {
  readonly name: string;
  readonly kind: "constraint" | "objective";
  readonly weight: number;
  readonly value: number;
  readonly violations: readonly Issue[];
}

/** The independent verdict on a plan. */
export interface PlanCheck {
  /** True when every unit is assigned exactly once and no constraint is violated. */
  readonly valid: boolean;
  /** Every problem found (assignment shape first, then rule violations). */
  readonly issues: readonly Issue[];
  /** Weighted sum of the objective values. */
  readonly objective: number;
  readonly terms: readonly TermValue[];
  readonly loads: Float64Array;
}

/**
 * Check a plan from scratch (never from a solver's bookkeeping): each unit assigned exactly once
 * to an existing rep, loads recomputed, each rule's check run, the objective summed.
 */
export function validatePlan(
  p: PlanProblem,
  rules: readonly PlanRule[],
  assign: Int32Array,
): PlanCheck {
  const issues: Issue[] = [];
  let gaps = 0;
  for (let u = 0; u < Math.max(p.n, assign.length); u++) {
    const r = assign[u];
    if (u >= p.n || r === undefined || !Number.isInteger(r) || r < 0 || r >= p.p) {
      if (gaps++ < 10)
        issues.push(
          issue(
            "unit_unassigned",
            u >= p.n
              ? `the plan has ${assign.length} entries for ${p.n} units`
              : `${unitId(p, u)} has no valid rep (${r})`,
            { ids: u < p.n ? unitIds(p, u) : {}, data: { entries: assign.length, units: p.n } },
          ),
        );
      if (u >= p.n) break;
    }
  }
  if (gaps > 10)
    issues.push(
      issue("more_violations", `${gaps - 10} more units have no valid rep`, {
        data: { count: gaps - 10 },
      }),
    );
  const loads = computeLoads(p, assign);
  const terms: TermValue[] = [];
  let objective = 0;
  for (const rule of rules) {
    const c = rule.check(assign, loads);
    terms.push({
      name: rule.name,
      kind: rule.kind,
      weight: rule.weight,
      value: c.value,
      violations: c.violations,
    });
    objective += rule.weight * c.value;
    const shown = c.violations.slice(0, 10);
    for (const v of shown)
      issues.push({
        ...v,
        message: `${rule.name}: ${v.message}`,
        ids: { rule: rule.name, ...v.ids },
      });
    if (c.violations.length > shown.length)
      issues.push(
        issue(
          "more_violations",
          `${rule.name}: ${c.violations.length - shown.length} more violations`,
          { ids: { rule: rule.name }, data: { count: c.violations.length - shown.length } },
        ),
      );
  }
  return { valid: issues.length === 0, issues, objective, terms, loads };
}
