import { homeDistance, type PlanProblem } from "../problem.js";
import { linearObjective } from "./assignment-cost.js";
import type { PlanRule } from "./rule.js";

/**
 * Disruption objective: the mean of the share of accounts and the share of potential whose
 * owner changes. `accounts` and `potential` are measure indices (-1: each unit counts 1).
 */
export function disruption(p: PlanProblem, weight = 1, potential = -1, accounts = -1): PlanRule {
  const m = p.measureNames.length;
  const val = (u: number, k: number) => (k >= 0 ? (p.measures[u * m + k] ?? 0) : 1);
  let totalA = 0;
  let totalP = 0;
  for (let u = 0; u < p.n; u++) {
    if ((p.owner[u] ?? -1) < 0) continue;
    totalA += val(u, accounts);
    totalP += val(u, potential);
  }
  const ia = totalA > 0 ? 0.5 / totalA : 0;
  const ip = totalP > 0 ? 0.5 / totalP : 0;
  const full = (u: number) => val(u, accounts) * ia + val(u, potential) * ip;
  const unitCost = (u: number, r: number) => {
    const o = p.owner[u] ?? -1;
    return o < 0 || o === r ? 0 : full(u);
  };
  return {
    // Reps strictly farther than the owner's home are not the owner, so they cost the full change.
    unitCostBeyond: (u, d) => {
      const o = p.owner[u] ?? -1;
      if (o < 0 || Number.isNaN(p.homeX[o] ?? Number.NaN) || Number.isNaN(p.homeY[o] ?? Number.NaN))
        return 0;
      return d > homeDistance(p, u, o) ? full(u) : 0;
    },
    name: "disruption(owner changes)",
    kind: "objective",
    weight,
    unitCost,
    ...linearObjective(p, weight, unitCost),
  };
}
