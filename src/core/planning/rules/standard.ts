import type { PlanProblem } from "../problem.js";
import { balance } from "./balance.js";
import { compactness } from "./compactness.js";
import { disruption } from "./disruption.js";
import type { PlanRule } from "./rule.js";
import { tolerance } from "./tolerance.js";

/** The usual rules: every measure within `tol` of its target, balance, compactness, disruption. */
export function standardRules(p: PlanProblem, tol: number): PlanRule[] {
  return [
    ...p.measureNames.map((_, k) => tolerance(p, k, tol)),
    balance(
      p,
      p.measureNames.map((_, k) => k),
      1,
    ),
    compactness(p, 1),
    disruption(p, 1, 0),
  ];
}
