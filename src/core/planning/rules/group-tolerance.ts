import { type Issue, issue } from "../../issues.js";
import type { PlanProblem } from "../problem.js";
import { loadTerms } from "./load-row.js";
import type { PlanRule } from "./rule.js";

/**
 * Hierarchy constraint on a level above the reps: each group's (team's or region's) load of
 * measure k within +-tol of the sum of its reps' targets. The MILP has one row per group. In the
 * search it is a move guard (moves within a group never change group loads; a move between
 * groups is allowed when it keeps both groups in their bands or lowers their excess) plus a
 * repair. The guard keeps the groups' loads per assignment array, updated move by move (`moved`)
 * and recomputed only when the array changed in bulk (`sync`, or a unit found elsewhere than the
 * loads say).
 */
export function groupTolerance(
  p: PlanProblem,
  repGroup: Int32Array,
  k: number,
  tol: number,
  groupNames: readonly string[] = [],
  level = "team",
): PlanRule {
  const m = p.measureNames.length;
  const name = p.measureNames[k] ?? `measure ${k}`;
  let G = 0;
  for (const g of repGroup) G = Math.max(G, g + 1);
  const target = new Float64Array(G);
  for (let r = 0; r < p.p; r++) {
    const g = repGroup[r] ?? -1;
    if (g >= 0) target[g] = (target[g] ?? 0) + (p.targets[r * m + k] ?? 0);
  }
  const lo = (g: number) => (target[g] ?? 0) * (1 - tol);
  const hi = (g: number) => (target[g] ?? 0) * (1 + tol);
  const gname = (g: number) => groupNames[g] ?? `#${g}`;
  const w = (u: number) => p.measures[u * m + k] ?? 0;
  const eps = 1e-9 * Math.max(1, p.totals[k] ?? 0);
  const excess = (g: number, l: number) => (l < lo(g) ? lo(g) - l : l > hi(g) ? l - hi(g) : 0);
  const groupLoads = (assign: Int32Array) => {
    const out = new Float64Array(G);
    for (let u = 0; u < p.n; u++) {
      const g = repGroup[assign[u] ?? -1] ?? -1;
      if (g >= 0) out[g] = (out[g] ?? 0) + w(u);
    }
    return out;
  };
  // Group loads of each assignment array the search works on, with the assignment they reflect.
  const cache = new WeakMap<Int32Array, { L: Float64Array; shadow: Int32Array }>();
  const resync = (assign: Int32Array) => {
    const e = { L: groupLoads(assign), shadow: Int32Array.from(assign) };
    cache.set(assign, e);
    return e;
  };
  const loadsFor = (assign: Int32Array, u: number) => {
    const e = cache.get(assign);
    return e && e.shadow[u] === assign[u] ? e.L : resync(assign).L;
  };
  const ruleName = `${level} tolerance(${name}, +-${(tol * 100).toFixed(1)}%)`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    guard: {
      canMove(u, from, to, assign) {
        const a = repGroup[from] ?? -1;
        const b = repGroup[to] ?? -1;
        if (a === b) return true;
        const L = loadsFor(assign, u);
        const la = a >= 0 ? (L[a] ?? 0) : 0;
        const lb = b >= 0 ? (L[b] ?? 0) : 0;
        const before = (a >= 0 ? excess(a, la) : 0) + (b >= 0 ? excess(b, lb) : 0);
        const after = (a >= 0 ? excess(a, la - w(u)) : 0) + (b >= 0 ? excess(b, lb + w(u)) : 0);
        // Loads kept move by move drift by rounding: ties and zero are judged with a margin.
        return after <= eps || after < before - eps;
      },
      moved(u, from, to, assign) {
        const e = cache.get(assign);
        if (!e) return;
        if (e.shadow[u] !== from) {
          cache.delete(assign);
          return;
        }
        e.shadow[u] = to;
        const a = repGroup[from] ?? -1;
        const b = repGroup[to] ?? -1;
        if (a === b) return;
        if (a >= 0) e.L[a] = (e.L[a] ?? 0) - w(u);
        if (b >= 0) e.L[b] = (e.L[b] ?? 0) + w(u);
      },
      sync(assign) {
        resync(assign);
      },
      repair(assign, allows) {
        const L = groupLoads(assign);
        for (let step = 0; step < p.n; step++) {
          let worst = -1;
          let worstEx = 1e-9;
          for (let g = 0; g < G; g++) {
            const e = excess(g, L[g] ?? 0) / Math.max(target[g] ?? 0, 1e-12);
            if (e > worstEx) {
              worst = g;
              worstEx = e;
            }
          }
          if (worst < 0) return;
          const over = (L[worst] ?? 0) > hi(worst);
          // Over: move a unit out of the group; under: pull one in. Best drop of the two groups' excess.
          let best: [number, number] | undefined;
          let bestGain = 0;
          for (let u = 0; u < p.n; u++) {
            const ga = repGroup[assign[u] ?? -1] ?? -1;
            if (over ? ga !== worst : ga === worst || ga < 0) continue;
            for (let r = 0; r < p.p; r++) {
              const gb = repGroup[r] ?? -1;
              if (gb < 0 || gb === ga || (!over && gb !== worst) || !allows(u, r)) continue;
              const la = L[ga] ?? 0;
              const lb = L[gb] ?? 0;
              const gain =
                excess(ga, la) + excess(gb, lb) - excess(ga, la - w(u)) - excess(gb, lb + w(u));
              if (gain > bestGain + 1e-12) {
                bestGain = gain;
                best = [u, r];
              }
            }
          }
          if (!best) return;
          const [u, r] = best;
          const ga = repGroup[assign[u] ?? -1] ?? -1;
          L[ga] = (L[ga] ?? 0) - w(u);
          const gb = repGroup[r] ?? -1;
          L[gb] = (L[gb] ?? 0) + w(u);
          assign[u] = r;
        }
      },
    },
    formulate(b, x) {
      for (let g = 0; g < G; g++) {
        const cols: number[] = [];
        const vals: number[] = [];
        for (let r = 0; r < p.p; r++) if (repGroup[r] === g) loadTerms(p, x, r, k, cols, vals);
        b.addRow(`group_tolerance_${name}_${g}`, lo(g), hi(g), cols, vals);
      }
    },
    check(_assign, loads) {
      const L = new Float64Array(G);
      for (let r = 0; r < p.p; r++) {
        const g = repGroup[r] ?? -1;
        if (g >= 0) L[g] = (L[g] ?? 0) + (loads[r * m + k] ?? 0);
      }
      const violations: Issue[] = [];
      for (let g = 0; g < G; g++) {
        const l = L[g] ?? 0;
        const eps = 1e-9 * Math.max(1, Math.abs(hi(g)));
        if (l < lo(g) - eps || l > hi(g) + eps)
          violations.push(
            issue(
              "group_tolerance_exceeded",
              `${level} ${gname(g)}: ${name} ${l.toFixed(2)} outside [${lo(g).toFixed(2)}, ${hi(g).toFixed(2)}]`,
              {
                ids: { rule: ruleName, measure: name, [level]: gname(g) },
                data: { load: l, lower: lo(g), upper: hi(g) },
              },
            ),
          );
      }
      return { value: 0, violations };
    },
  };
}
