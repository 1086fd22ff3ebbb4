import { allowsAll } from "../eligibility.js";
import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "../rules/rule.js";
import { MilpBuilder } from "./builder.js";
import type { MilpModel } from "./model.js";

/** A formulated plan: the model plus the column of each (unit, rep) pair (-1 when forbidden). */
export interface PlanFormulation {
  readonly model: MilpModel;
  readonly cols: Int32Array;
  /** Units no rep may take (the model is then infeasible by construction). */
  readonly orphans: readonly number[];
}

/**
 * The MILP of a plan: a binary x[u][r] for each allowed pair, each unit assigned exactly once,
 * then every rule's own columns, rows and costs. Contiguity and balance rows come from the rules.
 */
export function formulate(p: PlanProblem, rules: readonly PlanRule[]): PlanFormulation {
  const b = new MilpBuilder();
  const allows = allowsAll(rules);
  const cols = new Int32Array(p.n * p.p).fill(-1);
  const orphans: number[] = [];
  for (let u = 0; u < p.n; u++) {
    const row: number[] = [];
    for (let r = 0; r < p.p; r++) {
      if (!allows(u, r)) continue;
      const j = b.addVar(`x_${u}_${r}`, 0, 1, 0, true);
      cols[u * p.p + r] = j;
      row.push(j);
    }
    if (row.length === 0) orphans.push(u);
    b.addRow(
      `assign_once_${u}`,
      1,
      1,
      row,
      row.map(() => 1),
    );
  }
  const vars = { col: (u: number, r: number) => cols[u * p.p + r] ?? -1 };
  for (const rule of rules) rule.formulate?.(b, vars);
  return { model: b.build(), cols, orphans };
}

/** The assignment encoded by a MILP solution (the rep with the largest x[u][r]). */
export function decodeAssignment(
  p: PlanProblem,
  cols: Int32Array,
  values: Float64Array,
): Int32Array {
  const assign = new Int32Array(p.n).fill(-1);
  for (let u = 0; u < p.n; u++) {
    let best = 0.5;
    for (let r = 0; r < p.p; r++) {
      const j = cols[u * p.p + r] ?? -1;
      const v = j >= 0 ? (values[j] ?? 0) : 0;
      if (v > best) {
        best = v;
        assign[u] = r;
      }
    }
  }
  return assign;
}
