/**
 * Levels above and beside the reps, as planning problems of their own: the region level of a
 * two-level plan (reps pooled into their regions), and the overlay level (each AE's patch, one
 * unit, assigned to one product-line specialist with their own balance).
 */
import { makeProblem, type PlanProblem } from "../planning/problem.js";

/**
 * The region-level problem: the same units, one "rep" per region with its members' capacity,
 * targets and mean home. Its plan gives each unit its region; the rep-level plan then keeps
 * each patch within it (rules/within-group.ts).
 */
export function regionProblem(
  p: PlanProblem,
  repRegion: Int32Array,
  regionNames: readonly string[],
): PlanProblem {
  const m = p.measureNames.length;
  const R = regionNames.length;
  const cap = new Float64Array(R);
  const targets = new Float64Array(R * m);
  const hx = new Float64Array(R);
  const hy = new Float64Array(R);
  const nh = new Float64Array(R);
  for (let r = 0; r < p.p; r++) {
    const g = repRegion[r] ?? -1;
    if (g < 0 || g >= R) throw new Error(`rep ${p.repIds?.[r] ?? `#${r}`} has no region`);
    cap[g] = (cap[g] ?? 0) + (p.capacity[r] ?? 1);
    for (let k = 0; k < m; k++)
      targets[g * m + k] = (targets[g * m + k] ?? 0) + (p.targets[r * m + k] ?? 0);
    const x = p.homeX[r] ?? Number.NaN;
    const y = p.homeY[r] ?? Number.NaN;
    if (!Number.isNaN(x) && !Number.isNaN(y)) {
      hx[g] = (hx[g] ?? 0) + x;
      hy[g] = (hy[g] ?? 0) + y;
      nh[g] = (nh[g] ?? 0) + 1;
    }
  }
  return makeProblem({
    measureNames: p.measureNames,
    measures: p.measures,
    x: p.x,
    y: p.y,
    owner: Array.from(p.owner, (o) => (o >= 0 ? (repRegion[o] ?? -1) : -1)),
    capacity: cap,
    targets,
    homeX: Array.from(hx, (v, g) => ((nh[g] ?? 0) > 0 ? v / (nh[g] ?? 1) : Number.NaN)),
    homeY: Array.from(hy, (v, g) => ((nh[g] ?? 0) > 0 ? v / (nh[g] ?? 1) : Number.NaN)),
    ...(p.adjacency ? { edges: edgeList(p) } : {}),
    ...(p.unitIds ? { unitIds: p.unitIds } : {}),
    repIds: regionNames,
    ...(p.unitKind ? { unitKind: p.unitKind } : {}),
  });
}

function edgeList(p: PlanProblem): number[] {
  const out: number[] = [];
  const a = p.adjacency;
  if (!a) return out;
  for (let u = 0; u < p.n; u++)
    for (let j = a.offsets[u] ?? 0; j < (a.offsets[u + 1] ?? 0); j++) {
      const v = a.neighbors[j] ?? 0;
      if (v > u) out.push(u, v);
    }
  return out;
}

/** An overlay specialist of one product line. */
export interface OverlaySpecialist {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly capacity?: number;
}

export interface OverlayLevel {
  /** Units = the AEs whose patch holds some of the product line; reps = the specialists. */
  readonly problem: PlanProblem;
  /** AE (rep index of the account plan) of each overlay unit. */
  readonly aes: readonly number[];
  /** The specialist of each account of the product line (index into `specialists`), -1 for the others. */
  owners(overlayAssign: Int32Array): Int32Array;
}

/**
 * The overlay level for the product line measured by `k` (an account belongs to the line when
 * its measure k is > 0): each AE's patch is one unit at its load-weighted centre carrying the
 * patch's product-line value and account count, so a specialist covers whole patches of several
 * AEs, balanced among specialists by both.
 */
export function overlayLevel(
  p: PlanProblem,
  aeAssign: Int32Array,
  k: number,
  specialists: readonly OverlaySpecialist[],
): OverlayLevel {
  const m = p.measureNames.length;
  const value = Float64Array.from({ length: p.n }, (_, u) =>
    Math.max(0, p.measures[u * m + k] ?? 0),
  );
  const count = Float64Array.from(value, (w) => (w > 0 ? 1 : 0));
  return overlayLevelOf(
    p,
    aeAssign,
    p.measureNames[k] ?? `measure ${k}`,
    value,
    count,
    specialists,
  );
}

/**
 * The overlay level of a product line given per unit of `p`: the line's value and its number of
 * accounts (a unit belongs to the line when its value is > 0; an area unit holds several
 * accounts). Units are the AEs whose patch holds some of the line, at the value-weighted centre.
 */
export function overlayLevelOf(
  p: PlanProblem,
  aeAssign: Int32Array,
  name: string,
  unitValue: Float64Array,
  unitCount: Float64Array,
  specialists: readonly OverlaySpecialist[],
): OverlayLevel {
  const value = new Float64Array(p.p);
  const count = new Float64Array(p.p);
  const cx = new Float64Array(p.p);
  const cy = new Float64Array(p.p);
  for (let u = 0; u < p.n; u++) {
    const w = unitValue[u] ?? 0;
    const r = aeAssign[u] ?? -1;
    if (!(w > 0) || r < 0) continue;
    value[r] = (value[r] ?? 0) + w;
    count[r] = (count[r] ?? 0) + (unitCount[u] ?? 0);
    cx[r] = (cx[r] ?? 0) + w * (p.x[u] ?? 0);
    cy[r] = (cy[r] ?? 0) + w * (p.y[u] ?? 0);
  }
  const aes = [...Array(p.p).keys()].filter((r) => (value[r] ?? 0) > 0);
  const problem = makeProblem({
    measureNames: [name, "accounts"],
    measures: aes.flatMap((r) => [value[r] ?? 0, count[r] ?? 0]),
    x: aes.map((r) => (cx[r] ?? 0) / (value[r] ?? 1)),
    y: aes.map((r) => (cy[r] ?? 0) / (value[r] ?? 1)),
    capacity: specialists.map((s) => s.capacity ?? 1),
    homeX: specialists.map((s) => s.x),
    homeY: specialists.map((s) => s.y),
    unitIds: aes.map((r) => p.repIds?.[r] ?? `#${r}`),
    repIds: specialists.map((s) => s.id),
    unitKind: "area",
  });
  return {
    problem,
    aes,
    owners(overlayAssign) {
      const byAe = new Int32Array(p.p).fill(-1);
      aes.forEach((r, i) => {
        byAe[r] = overlayAssign[i] ?? -1;
      });
      return Int32Array.from({ length: p.n }, (_, u) =>
        (unitValue[u] ?? 0) > 0 ? (byAe[aeAssign[u] ?? -1] ?? -1) : -1,
      );
    },
  };
}
