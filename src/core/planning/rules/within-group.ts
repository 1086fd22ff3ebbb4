import { type Issue, issue } from "../../issues.js";
import { repId, unitId, unitIds } from "../ids.js";
import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "./rule.js";

/**
 * Hierarchy constraint: a unit of group g (e.g. a region drawn at the level above) only goes to
 * a rep of group g, so each team's or rep's patch stays within its region. `unitGroup[u]` is -1
 * for units any rep may take; `repGroup[r]` is the rep's group. Eligibility only: the MILP drops
 * the forbidden columns and the search never proposes them.
 */
export function withinGroup(
  p: PlanProblem,
  unitGroup: Int32Array,
  repGroup: Int32Array,
  groupNames: readonly string[] = [],
  level = "region",
): PlanRule {
  const gname = (g: number) => groupNames[g] ?? `#${g}`;
  const allows = (u: number, r: number) => {
    const g = unitGroup[u] ?? -1;
    return g < 0 || repGroup[r] === g;
  };
  const ruleName = `within ${level}`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    allows,
    precheck() {
      const reps = new Set<number>();
      for (let r = 0; r < p.p; r++) reps.add(repGroup[r] ?? -1);
      const units = new Map<number, number>();
      for (let u = 0; u < p.n; u++) {
        const g = unitGroup[u] ?? -1;
        if (g >= 0 && !reps.has(g)) units.set(g, (units.get(g) ?? 0) + 1);
      }
      return [...units].map(([g, count]) =>
        issue(
          "region_without_reps",
          `${count} unit(s) of ${level} ${gname(g)} must stay in it, and it has no rep`,
          { ids: { rule: ruleName, [level]: gname(g) }, data: { units: count } },
        ),
      );
    },
    check(assign) {
      const violations: Issue[] = [];
      for (let u = 0; u < p.n; u++) {
        const r = assign[u] ?? -1;
        if (r >= 0 && !allows(u, r))
          violations.push(
            issue(
              "outside_region",
              `${unitId(p, u)} of ${level} ${gname(unitGroup[u] ?? -1)} goes to rep ${repId(p, r)} of ${level} ${gname(repGroup[r] ?? -1)}`,
              {
                ids: { rule: ruleName, ...unitIds(p, u), rep_id: repId(p, r) },
                data: {
                  unit_group: gname(unitGroup[u] ?? -1),
                  rep_group: gname(repGroup[r] ?? -1),
                },
              },
            ),
          );
      }
      return { value: 0, violations };
    },
  };
}
