/**
 * Named (strategic) accounts carved out first: they go to their owners before any territory is
 * drawn; reps who hold only named accounts leave the territory plan; the others keep their share
 * of each measure (target) less what their named accounts already carry, and the plan balances
 * the remaining accounts among them.
 */
import type { PlanProblem } from "../planning/problem.js";
import { subProblem } from "./subproblem.js";

export interface Carved {
  /** The territory problem over the accounts left (reps and units renumbered). */
  readonly problem: PlanProblem;
  /** Original index of each unit / rep of `problem`. */
  readonly units: readonly number[];
  readonly reps: readonly number[];
  /** The full plan: named accounts with their owners, the rest from the territory plan. */
  merge(assign: Int32Array): Int32Array;
}

/**
 * Carve out `namedRep[u]` (the owner of named unit u, -1 for territory units); reps in
 * `namedOnly` take no territory. Targets of the others: their original share less their named
 * load, floored at 0 and rescaled to the measures left.
 */
export function carveNamed(
  p: PlanProblem,
  namedRep: Int32Array,
  namedOnly: ReadonlySet<number> = new Set(),
): Carved {
  const m = p.measureNames.length;
  const units: number[] = [];
  const namedLoad = new Float64Array(p.p * m);
  for (let u = 0; u < p.n; u++) {
    const r = namedRep[u] ?? -1;
    if (r < 0) units.push(u);
    else
      for (let k = 0; k < m; k++)
        namedLoad[r * m + k] = (namedLoad[r * m + k] ?? 0) + (p.measures[u * m + k] ?? 0);
  }
  const reps = [...Array(p.p).keys()].filter((r) => !namedOnly.has(r));
  const left = new Float64Array(m);
  for (const u of units)
    for (let k = 0; k < m; k++) left[k] = (left[k] ?? 0) + (p.measures[u * m + k] ?? 0);
  const targets = new Float64Array(reps.length * m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    reps.forEach((r, i) => {
      const t = Math.max(0, (p.targets[r * m + k] ?? 0) - (namedLoad[r * m + k] ?? 0));
      targets[i * m + k] = t;
      sum += t;
    });
    reps.forEach((r, i) => {
      targets[i * m + k] =
        sum > 0
          ? ((targets[i * m + k] ?? 0) * (left[k] ?? 0)) / sum
          : ((left[k] ?? 0) * (p.capacity[r] ?? 1)) /
            reps.reduce((s, q) => s + (p.capacity[q] ?? 1), 0);
    });
  }
  const problem = subProblem(p, units, reps, targets);
  return {
    problem,
    units,
    reps,
    merge(assign) {
      const out = Int32Array.from(namedRep);
      units.forEach((u, i) => {
        out[u] = reps[assign[i] ?? -1] ?? -1;
      });
      return out;
    },
  };
}
