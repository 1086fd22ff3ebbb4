import { type Issue, issue } from "../../issues.js";
import { repId, unitIds } from "../ids.js";
import type { PlanProblem } from "../problem.js";
import { loadTerms } from "./load-row.js";
import { HARD_PENALTY, type PlanRule } from "./rule.js";

/** Hard constraint: every rep's load of measure k within +-tol (a fraction) of its target. */
export function tolerance(p: PlanProblem, k: number, tol: number): PlanRule {
  const m = p.measureNames.length;
  const name = p.measureNames[k] ?? `measure ${k}`;
  const lim = (r: number): [number, number] => {
    const t = p.targets[r * m + k] ?? 0;
    return [t * (1 - tol), t * (1 + tol)];
  };
  const scale = (r: number) => Math.max(p.targets[r * m + k] ?? 0, 1e-12);
  const ruleName = `tolerance(${name}, +-${(tol * 100).toFixed(1)}%)`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    load: {
      measures: [k],
      cost: (r, kk, load) => {
        if (kk !== k) return 0;
        const [lo, hi] = lim(r);
        const excess = load < lo ? lo - load : load > hi ? load - hi : 0;
        return (HARD_PENALTY * excess) / scale(r);
      },
      kinks: (r) => lim(r),
      limits: (r, kk) => (kk === k ? lim(r) : undefined),
    },
    precheck(ctx) {
      const out: Issue[] = [];
      const forcedLoad = new Float64Array(p.p);
      let maxHi = 0;
      for (let r = 0; r < p.p; r++) maxHi = Math.max(maxHi, lim(r)[1]);
      let tooBig = 0;
      let example = -1;
      for (let u = 0; u < p.n; u++) {
        const w = p.measures[u * m + k] ?? 0;
        if (w > maxHi * (1 + 1e-12)) {
          tooBig++;
          if (example < 0) example = u;
        }
        const f = ctx.forced[u] ?? -1;
        if (f >= 0) forcedLoad[f] = (forcedLoad[f] ?? 0) + w;
      }
      if (tooBig > 0) {
        const ids = unitIds(p, example);
        out.push(
          issue(
            "unit_too_big",
            `${tooBig} unit(s) (e.g. ${Object.values(ids)[0]}) carry more ${name} than any rep may hold (${maxHi.toFixed(2)} at +-${(tol * 100).toFixed(1)}%): widen the ${name} tolerance`,
            { ids: { rule: ruleName, measure: name, ...ids }, data: { count: tooBig, max: maxHi } },
          ),
        );
      }
      for (let r = 0; r < p.p; r++) {
        const hi = lim(r)[1];
        if ((forcedLoad[r] ?? 0) > hi * (1 + 1e-12)) {
          out.push(
            issue(
              "locked_over_limit",
              `rep ${repId(p, r)}: locked units already carry ${(forcedLoad[r] ?? 0).toFixed(2)} of ${name}, above its upper limit ${hi.toFixed(2)}: widen the ${name} tolerance or unlock units`,
              {
                ids: { rule: ruleName, measure: name, rep_id: repId(p, r) },
                data: { load: forcedLoad[r] ?? 0, upper: hi },
              },
            ),
          );
        }
      }
      return out;
    },
    formulate(b, x) {
      for (let r = 0; r < p.p; r++) {
        const [lo, hi] = lim(r);
        const cols: number[] = [];
        const vals: number[] = [];
        loadTerms(p, x, r, k, cols, vals);
        b.addRow(`tolerance_${name}_rep${r}`, lo, hi, cols, vals);
      }
    },
    check(_assign, loads) {
      const violations: Issue[] = [];
      for (let r = 0; r < p.p; r++) {
        const [lo, hi] = lim(r);
        const l = loads[r * m + k] ?? 0;
        const eps = 1e-9 * Math.max(1, Math.abs(hi));
        if (l < lo - eps || l > hi + eps) {
          violations.push(
            issue(
              "tolerance_exceeded",
              `rep ${repId(p, r)}: ${name} ${l.toFixed(2)} outside [${lo.toFixed(2)}, ${hi.toFixed(2)}]`,
              {
                ids: { rule: ruleName, measure: name, rep_id: repId(p, r) },
                data: { load: l, lower: lo, upper: hi },
              },
            ),
          );
        }
      }
      return { value: 0, violations };
    },
  };
}
