import type { PlanProblem } from "../problem.js";
import type { AssignVars } from "./rule.js";

/** The MILP terms of rep r's load of measure k: sum over units of w[u][k] * x[u][r], appended to cols/vals. */
export function loadTerms(
  p: PlanProblem,
  x: AssignVars,
  r: number,
  k: number,
  cols: number[],
  vals: number[],
): void {
  const m = p.measureNames.length;
  for (let u = 0; u < p.n; u++) {
    const j = x.col(u, r);
    const w = p.measures[u * m + k] ?? 0;
    if (j >= 0 && w !== 0) {
      cols.push(j);
      vals.push(w);
    }
  }
}
