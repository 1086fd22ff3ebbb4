/**
 * Planning problems derived from another one, for the organisation's steps: a subset of units
 * and reps (named accounts carved out), or units grouped into super-units (AE patches for the
 * overlay specialists). Built through `makeProblem`, so every solver and rule takes them as is.
 */
import { makeProblem, type PlanProblem } from "../planning/problem.js";

/** The problem restricted to `units` and `reps` (indices into p), with explicit targets per kept rep and measure. */
export function subProblem(
  p: PlanProblem,
  units: readonly number[],
  reps: readonly number[],
  targets?: ArrayLike<number>,
): PlanProblem {
  const m = p.measureNames.length;
  const nt = p.tagNames.length;
  const repIndex = new Int32Array(p.p).fill(-1);
  reps.forEach((r, i) => {
    repIndex[r] = i;
  });
  const unitIndex = new Int32Array(p.n).fill(-1);
  units.forEach((u, i) => {
    unitIndex[u] = i;
  });
  const edges: number[] = [];
  if (p.adjacency) {
    for (const u of units) {
      const a = p.adjacency.offsets[u] ?? 0;
      const b = p.adjacency.offsets[u + 1] ?? 0;
      for (let j = a; j < b; j++) {
        const v = p.adjacency.neighbors[j] ?? 0;
        const iu = unitIndex[u] ?? -1;
        const iv = unitIndex[v] ?? -1;
        if (iv > iu) edges.push(iu, iv);
      }
    }
  }
  return makeProblem({
    measureNames: p.measureNames,
    measures: units.flatMap((u) => Array.from({ length: m }, (_, k) => p.measures[u * m + k] ?? 0)),
    x: units.map((u) => p.x[u] ?? 0),
    y: units.map((u) => p.y[u] ?? 0),
    owner: units.map((u) => repIndex[p.owner[u] ?? -1] ?? -1),
    tag: units.map((u) => p.tag[u] ?? -1),
    tagNames: p.tagNames,
    capacity: reps.map((r) => p.capacity[r] ?? 1),
    homeX: reps.map((r) => p.homeX[r] ?? Number.NaN),
    homeY: reps.map((r) => p.homeY[r] ?? Number.NaN),
    skills: reps.map((r) => [...Array(nt).keys()].filter((t) => p.skills[r * nt + t] === 1)),
    ...(targets ? { targets } : {}),
    ...(p.adjacency ? { edges } : {}),
    ...(p.anchoredAt ? { anchoredAt: p.anchoredAt } : {}),
    ...(p.unitIds ? { unitIds: units.map((u) => p.unitIds?.[u] ?? `#${u}`) } : {}),
    repIds: reps.map((r) => p.repIds?.[r] ?? `#${r}`),
    ...(p.unitKind ? { unitKind: p.unitKind } : {}),
  });
}
