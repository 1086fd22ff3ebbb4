import { computeLoads, type PlanProblem } from "./problem.js";
import type { PlanRule } from "./rules/rule.js";

/** One rule's contribution to a checked plan. */
export interface TermValue {
  readonly name: string;
  readonly kind: "constraint" | "objective";
  readonly weight: number;
  readonly value: number;
  readonly violations: readonly string[];
}

/** The independent verdict on a plan. */
export interface PlanCheck {
  /** True when every unit is assigned exactly once and no constraint is violated. */
  readonly valid: boolean;
  /** Every problem found (assignment shape first, then rule violations). */
  readonly issues: readonly string[];
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
  const issues: string[] = [];
  if (assign.length !== p.n) issues.push(`plan has ${assign.length} entries for ${p.n} units`);
  let gaps = 0;
  for (let u = 0; u < p.n; u++) {
    const r = assign[u];
    if (r === undefined || !Number.isInteger(r) || r < 0 || r >= p.p) {
      if (gaps++ < 10) issues.push(`unit ${u} has no valid rep (${r})`);
    }
  }
  if (gaps > 10) issues.push(`${gaps - 10} more units have no valid rep`);
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
    for (const v of shown) issues.push(`${rule.name}: ${v}`);
    if (c.violations.length > shown.length)
      issues.push(`${rule.name}: ${c.violations.length - shown.length} more violations`);
  }
  return { valid: issues.length === 0, issues, objective, terms, loads };
}
