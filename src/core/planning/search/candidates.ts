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
  const C = k + 1;
  const fwd = new Int32Array(p.n * C).fill(-1);
  const fcount = new Int32Array(p.n);
  const orphans: number[] = [];
  const bestR = new Int32Array(k);
  const bestD = new Float64Array(k);
  for (let u = 0; u < p.n; u++) {
    const f = fixed(u);
    const base = u * C;
    if (f >= 0) {
      if (allows(u, f)) {
        fwd[base] = f;
        fcount[u] = 1;
      } else orphans.push(u);
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
    let owned = false;
    const o = p.owner[u] ?? -1;
    for (let j = 0; j < found; j++) {
      fwd[base + j] = bestR[j] ?? 0;
      if (bestR[j] === o) owned = true;
    }
    fcount[u] = found;
    if (o >= 0 && !owned && allows(u, o)) {
      fwd[base + found] = o;
      fcount[u] = found + 1;
    }
  }
  // Reverse lists: each rep also reaches the units nearest its home, about twice its fair share.
  let revU = new Int32Array(0);
  let revR = new Int32Array(0);
  let nRev = 0;
  if (p.p > k) {
    const units = new PointGrid(p.x, p.y, 8);
    const reach = Math.min(p.n, Math.ceil((2 * p.n) / p.p));
    revU = new Int32Array(reach * p.p);
    revR = new Int32Array(reach * p.p);
    let nu = new Int32Array(4 * reach);
    let nd = new Float64Array(4 * reach);
    let cnt = 0;
    // The reach-th smallest distance among the units found (a typed copy sorts natively, far
    // faster than a comparator sort of indices).
    const kth = () => {
      const sorted = nd.slice(0, cnt).sort();
      return sorted[Math.min(reach, cnt) - 1] ?? 0;
    };
    for (let r = 0; r < p.p; r++) {
      const x = hx[r] ?? 0;
      const y = hy[r] ?? 0;
      cnt = 0;
      units.search(
        x,
        y,
        // Stop once `reach` units are known and the next ring lies beyond the reach nearest.
        (minDist) => cnt < reach || minDist <= kth(),
        (u) => {
          if (cnt === nu.length) {
            const a2 = new Int32Array(cnt * 2);
            a2.set(nu);
            nu = a2;
            const d2 = new Float64Array(cnt * 2);
            d2.set(nd);
            nd = d2;
          }
          nu[cnt] = u;
          nd[cnt] = Math.hypot((p.x[u] ?? 0) - x, (p.y[u] ?? 0) - y);
          cnt++;
        },
      );
      // The `reach` nearest: every unit closer than the threshold, then ties up to `reach`.
      const thr = kth();
      let ties = Math.min(reach, cnt);
      for (let i = 0; i < cnt; i++) if ((nd[i] ?? 0) < thr) ties--;
      for (let i = 0; i < cnt; i++) {
        const di = nd[i] ?? 0;
        if (di > thr) continue;
        if (di === thr && ties-- <= 0) continue;
        const u = nu[i] ?? 0;
        if ((fcount[u] ?? 0) === 1 && fixed(u) >= 0) continue;
        let dup = false;
        for (let j = 0; j < (fcount[u] ?? 0); j++) if (fwd[u * C + j] === r) dup = true;
        if (dup || !allows(u, r)) continue;
        revU[nRev] = u;
        revR[nRev] = r;
        nRev++;
      }
    }
  }
  const start = new Int32Array(p.n + 1);
  for (let u = 0; u < p.n; u++) start[u + 1] = fcount[u] ?? 0;
  for (let i = 0; i < nRev; i++) start[(revU[i] ?? 0) + 1] = (start[(revU[i] ?? 0) + 1] ?? 0) + 1;
  for (let u = 0; u < p.n; u++) start[u + 1] = (start[u + 1] ?? 0) + (start[u] ?? 0);
  const cand = new Int32Array(start[p.n] ?? 0);
  const fill = new Int32Array(p.n);
  for (let u = 0; u < p.n; u++) {
    const s0 = start[u] ?? 0;
    const c = fcount[u] ?? 0;
    cand.set(fwd.subarray(u * C, u * C + c), s0);
    fill[u] = s0 + c;
  }
  for (let i = 0; i < nRev; i++) {
    const u = revU[i] ?? 0;
    cand[fill[u] ?? 0] = revR[i] ?? 0;
    fill[u] = (fill[u] ?? 0) + 1;
  }
  return { start, cand, orphans, reps };
}
