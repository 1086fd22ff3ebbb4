import type { PlanProblem } from "../problem.js";
import { loadTerms } from "./load-row.js";
import type { PlanRule } from "./rule.js";

/**
 * Balance objective: mean relative deviation |load - target| / target over reps and the given
 * measures (pairs with a zero target are skipped).
 */
export function balance(p: PlanProblem, measures: readonly number[], weight = 1): PlanRule {
  const m = p.measureNames.length;
  const count = Math.max(1, p.p * measures.length);
  const t = (r: number, k: number) => p.targets[r * m + k] ?? 0;
  return {
    name: `balance(${measures.map((k) => p.measureNames[k]).join(", ")})`,
    kind: "objective",
    weight,
    load: {
      measures,
      cost: (r, k, load) => {
        const target = t(r, k);
        return target > 0 ? (weight * Math.abs(load - target)) / (target * count) : 0;
      },
      kinks: (r, k) => [t(r, k)],
      limits: () => undefined,
    },
    formulate(b, x) {
      for (let r = 0; r < p.p; r++) {
        for (const k of measures) {
          const target = t(r, k);
          if (!(target > 0)) continue;
          const c = weight / (target * count);
          const plus = b.addVar(`dev_plus_${r}_${k}`, 0, Number.POSITIVE_INFINITY, c);
          const minus = b.addVar(`dev_minus_${r}_${k}`, 0, Number.POSITIVE_INFINITY, c);
          const cols = [plus, minus];
          const vals = [-1, 1];
          loadTerms(p, x, r, k, cols, vals);
          b.addRow(`balance_${r}_${k}`, target, target, cols, vals);
        }
      }
    },
    check(_assign, loads) {
      let sum = 0;
      for (let r = 0; r < p.p; r++) {
        for (const k of measures) {
          const target = t(r, k);
          if (target > 0) sum += Math.abs((loads[r * m + k] ?? 0) - target) / target;
        }
      }
      return { value: sum / count, violations: [] };
    },
  };
}
