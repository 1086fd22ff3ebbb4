import { type Issue, issue } from "../issues.js";
import { repId, unitId, unitIds } from "./ids.js";
import type { PlanProblem } from "./problem.js";
import type { PlanRule } from "./rules/rule.js";

/**
 * Up-front infeasibility explanations: the rules' own prechecks (given the units forced to a
 * rep by locks) plus conflicting locks. Empty when nothing is known to be impossible.
 */
export function precheck(p: PlanProblem, rules: readonly PlanRule[]): Issue[] {
  const forced = new Int32Array(p.n).fill(-1);
  const out: Issue[] = [];
  let conflicts = 0;
  for (const rule of rules) {
    if (!rule.fixedRep) continue;
    for (let u = 0; u < p.n; u++) {
      const r = rule.fixedRep(u);
      if (r < 0 || r >= p.p) continue;
      const f = forced[u] ?? -1;
      if (f >= 0 && f !== r) {
        if (conflicts++ < 5)
          out.push(
            issue(
              "lock_conflict",
              `${unitId(p, u)} is locked to both rep ${repId(p, f)} and rep ${repId(p, r)}`,
              { ids: { ...unitIds(p, u), rep_id: repId(p, f) }, data: { also: repId(p, r) } },
            ),
          );
      } else forced[u] = r;
    }
  }
  for (const rule of rules) {
    for (const i of rule.precheck?.({ forced }) ?? [])
      out.push({ ...i, message: `${rule.name}: ${i.message}`, ids: { rule: rule.name, ...i.ids } });
  }
  return out;
}
