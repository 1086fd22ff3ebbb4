import { type Issue, issue } from "../../issues.js";
import { repId, unitId, unitIds } from "../ids.js";
import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "./rule.js";

/**
 * Locked units: `lockTo[u]` is the rep unit u must keep (-1 when free). Used for explicit locks
 * and for accounts with an open opportunity (locked to their owner). `why` names the reason.
 */
export function locked(p: PlanProblem, lockTo: Int32Array, why = "locked"): PlanRule {
  let count = 0;
  for (const r of lockTo) if (r >= 0) count++;
  const ruleName = `${why} (${count} units)`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    allows: (u, r) => {
      const l = lockTo[u] ?? -1;
      return l < 0 || l === r;
    },
    fixedRep: (u) => lockTo[u] ?? -1,
    precheck() {
      const out: Issue[] = [];
      for (let u = 0; u < p.n; u++) {
        const l = lockTo[u] ?? -1;
        if (l >= p.p)
          out.push(
            issue(
              "lock_unknown_rep",
              `${unitId(p, u)} is ${why} to rep #${l}, which does not exist`,
              {
                ids: { rule: ruleName, ...unitIds(p, u) },
                data: { rep: l },
              },
            ),
          );
      }
      return out.slice(0, 10);
    },
    check(assign) {
      const violations: Issue[] = [];
      for (let u = 0; u < p.n; u++) {
        const l = lockTo[u] ?? -1;
        const a = assign[u] ?? -1;
        if (l >= 0 && a !== l)
          violations.push(
            issue(
              "lock_broken",
              `${unitId(p, u)} is ${why} to rep ${repId(p, l)} but goes to rep ${repId(p, a)}`,
              {
                ids: { rule: ruleName, ...unitIds(p, u), rep_id: repId(p, l) },
                data: { goes_to: repId(p, a) },
              },
            ),
          );
      }
      return { value: 0, violations };
    },
  };
}
