import { homeDistance, type PlanProblem } from "../problem.js";
import { linearObjective } from "./assignment-cost.js";
import type { PlanRule } from "./rule.js";

/**
 * Compactness objective: mean distance from units to their rep's home (or territory centre), weighted by measure
 * `by` (or 1 per unit when `by` is -1), in units of the problem's distance scale.
 */
export function compactness(p: PlanProblem, weight = 1, by = -1): PlanRule {
  const m = p.measureNames.length;
  const a = (u: number) => (by >= 0 ? (p.measures[u * m + by] ?? 0) : 1);
  let total = 0;
  for (let u = 0; u < p.n; u++) total += a(u);
  const norm = 1 / (Math.max(total, 1e-12) * p.distanceScale);
  const unitCost = (u: number, r: number) => a(u) * homeDistance(p, u, r) * norm;
  let allHomes = true;
  for (let r = 0; r < p.p; r++)
    if (Number.isNaN(p.homeX[r] ?? Number.NaN) || Number.isNaN(p.homeY[r] ?? Number.NaN))
      allHomes = false;
  return {
    unitCostBeyond: (u, distance) => (allHomes ? a(u) * distance * norm : 0),
    name: `compactness(distance to ${p.anchoredAt === "centre" ? "territory centre" : "home"})`,
    kind: "objective",
    weight,
    unitCost,
    ...linearObjective(p, weight, unitCost),
  };
}
