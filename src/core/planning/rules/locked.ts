import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "./rule.js";

/**
 * Locked units: `lockTo[u]` is the rep unit u must keep (-1 when free). Used for explicit locks
 * and for accounts with an open opportunity (locked to their owner). `why` names the reason.
 */
export function locked(p: PlanProblem, lockTo: Int32Array, why = "locked"): PlanRule {
  let count = 0;
  for (const r of lockTo) if (r >= 0) count++;
  return {
    name: `${why} (${count} units)`,
    kind: "constraint",
    weight: 0,
    allows: (u, r) => {
      const l = lockTo[u] ?? -1;
      return l < 0 || l === r;
    },
    fixedRep: (u) => lockTo[u] ?? -1,
    precheck() {
      const out: string[] = [];
      for (let u = 0; u < p.n; u++) {
        const l = lockTo[u] ?? -1;
        if (l >= p.p) out.push(`unit ${u} is ${why} to rep ${l}, which does not exist`);
      }
      return out.slice(0, 10);
    },
    check(assign) {
      const violations: string[] = [];
      for (let u = 0; u < p.n; u++) {
        const l = lockTo[u] ?? -1;
        if (l >= 0 && assign[u] !== l)
          violations.push(`unit ${u} is ${why} to rep ${l} but goes to rep ${assign[u]}`);
      }
      return { value: 0, violations };
    },
  };
}
