import type { PlanProblem } from "../problem.js";
import { PointGrid } from "./grid.js";

/**
 * Candidate reps per unit (CSR: u's reps are `cand[start[u] .. start[u+1])`): the K nearest
 * eligible homes, the current owner when eligible, and every rep for which u is among the
 * units nearest its home (so each rep can reach enough units to fill its targets).
 */
export interface Candidates {
  readonly start: Int32Array;
  readonly cand: Int32Array;
  /** Units with no eligible rep at all. */
  readonly orphans: readonly number[];
  /** Grid over the rep homes used by the search (reps without a home sit at the units' centroid). */
  readonly reps: PointGrid;
}

/** Rep homes used to find nearby reps (a rep without a home is placed at the units' centroid). */
export function searchHomes(p: PlanProblem): { hx: Float64Array; hy: Float64Array } {
  let cx = 0;
  let cy = 0;
  for (let u = 0; u < p.n; u++) {
    cx += p.x[u] ?? 0;
    cy += p.y[u] ?? 0;
  }
  cx /= Math.max(1, p.n);
  cy /= Math.max(1, p.n);
  const hx = new Float64Array(p.p);
  const hy = new Float64Array(p.p);
  for (let r = 0; r < p.p; r++) {
    const a = p.homeX[r] ?? Number.NaN;
    const b = p.homeY[r] ?? Number.NaN;
    const missing = Number.isNaN(a) || Number.isNaN(b);
    hx[r] = missing ? cx : a;
    hy[r] = missing ? cy : b;
  }
  return { hx, hy };
}

/** K nearest eligible reps per unit (ring search over a grid of homes), plus owners and reverse lists. */
export function buildCandidates(
  p: PlanProblem,
  allows: (u: number, r: number) => boolean,
  fixed: (u: number) => number,
  K: number,
): Candidates {
  const k = Math.min(K, p.p);
  const { hx, hy } = searchHomes(p);
  const reps = new PointGrid(hx, hy, 1);
  const lists: number[][] = Array.from({ length: p.n }, () => []);
  const orphans: number[] = [];
  const bestR = new Int32Array(k);
  const bestD = new Float64Array(k);
  for (let u = 0; u < p.n; u++) {
    const f = fixed(u);
    const list = lists[u] ?? [];
    if (f >= 0) {
      if (allows(u, f)) list.push(f);
      else orphans.push(u);
      continue;
    }
    const ux = p.x[u] ?? 0;
    const uy = p.y[u] ?? 0;
    let found = 0;
    reps.search(
      ux,
      uy,
      (minDist) => !(found === k && minDist > (bestD[k - 1] ?? 0)),
      (r) => {
        if (!allows(u, r)) return;
        const d = Math.hypot(ux - (hx[r] ?? 0), uy - (hy[r] ?? 0));
        if (found === k && d >= (bestD[k - 1] ?? 0)) return;
        let j = found < k ? found++ : k - 1;
        while (j > 0 && (bestD[j - 1] ?? 0) > d) {
          bestD[j] = bestD[j - 1] ?? 0;
          bestR[j] = bestR[j - 1] ?? 0;
          j--;
        }
        bestD[j] = d;
        bestR[j] = r;
      },
    );
    if (found === 0) {
      orphans.push(u);
      continue;
    }
    for (let j = 0; j < found; j++) list.push(bestR[j] ?? 0);
    const o = p.owner[u] ?? -1;
    if (o >= 0 && !list.includes(o) && allows(u, o)) list.push(o);
  }
  // Reverse lists: each rep also reaches the units nearest its home, about twice its fair share.
  if (p.p > k) {
    const units = new PointGrid(p.x, p.y, 8);
    const reach = Math.min(p.n, Math.ceil((2 * p.n) / p.p));
    const near: { u: number; d: number }[] = [];
    for (let r = 0; r < p.p; r++) {
      const x = hx[r] ?? 0;
      const y = hy[r] ?? 0;
      near.length = 0;
      units.search(
        x,
        y,
        (minDist) => {
          if (near.length < reach) return true;
          near.sort((a, b) => a.d - b.d);
          near.length = reach;
          return minDist <= (near[reach - 1]?.d ?? 0);
        },
        (u) => near.push({ u, d: Math.hypot((p.x[u] ?? 0) - x, (p.y[u] ?? 0) - y) }),
      );
      near.sort((a, b) => a.d - b.d);
      for (let i = 0; i < Math.min(reach, near.length); i++) {
        const u = near[i]?.u ?? 0;
        const list = lists[u] ?? [];
        if (fixed(u) < 0 && !list.includes(r) && allows(u, r)) list.push(r);
      }
    }
  }
  const start = new Int32Array(p.n + 1);
  for (let u = 0; u < p.n; u++) start[u + 1] = (start[u] ?? 0) + (lists[u]?.length ?? 0);
  const cand = new Int32Array(start[p.n] ?? 0);
  for (let u = 0; u < p.n; u++) cand.set(lists[u] ?? [], start[u] ?? 0);
  return { start, cand, orphans, reps };
}
