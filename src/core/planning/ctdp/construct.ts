import { MinHeap } from "./heap.js";
import { type CtdpInstance, MEASURES } from "./instance.js";
import type { Rng } from "./rng.js";

/** Combined activity of each unit: mean over measures of w / mu (so every territory should total 1). */
export function combinedLoad(inst: CtdpInstance): Float64Array {
  const s = new Float64Array(inst.n);
  for (let u = 0; u < inst.n; u++) {
    let t = 0;
    for (let a = 0; a < MEASURES; a++) t += (inst.w[u * MEASURES + a] ?? 0) / (inst.mu[a] ?? 1);
    s[u] = t / MEASURES;
  }
  return s;
}

/** k-means++ seeding: p centres drawn with probability proportional to squared distance. */
function seedCentres(inst: CtdpInstance, rng: Rng): { cx: Float64Array; cy: Float64Array } {
  const { n, p, x, y } = inst;
  const cx = new Float64Array(p);
  const cy = new Float64Array(p);
  const d2 = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let c = rng.int(n);
  for (let k = 0; k < p; k++) {
    cx[k] = x[c] ?? 0;
    cy[k] = y[c] ?? 0;
    let total = 0;
    for (let u = 0; u < n; u++) {
      const dx = (x[u] ?? 0) - (cx[k] ?? 0);
      const dy = (y[u] ?? 0) - (cy[k] ?? 0);
      const e = dx * dx + dy * dy;
      if (e < (d2[u] ?? 0)) d2[u] = e;
      total += d2[u] ?? 0;
    }
    let r = rng.next() * total;
    c = n - 1;
    for (let u = 0; u < n; u++) {
      r -= d2[u] ?? 0;
      if (r <= 0) {
        c = u;
        break;
      }
    }
  }
  return { cx, cy };
}

/**
 * Capacity-balanced Lloyd iterations on a power diagram: each unit goes to the centre minimising
 * d^2 - psi_k, psi is nudged so every cell's combined load approaches 1, centres move to centroids.
 */
function balancedLloyd(
  inst: CtdpInstance,
  load: Float64Array,
  cx: Float64Array,
  cy: Float64Array,
  iterations: number,
  stop: () => boolean,
): Float64Array {
  const { n, p, x, y } = inst;
  const psi = new Float64Array(p);
  const L = new Float64Array(p);
  const sx = new Float64Array(p);
  const sy = new Float64Array(p);
  const cnt = new Float64Array(p);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let u = 0; u < n; u++) {
    minX = Math.min(minX, x[u] ?? 0);
    maxX = Math.max(maxX, x[u] ?? 0);
    minY = Math.min(minY, y[u] ?? 0);
    maxY = Math.max(maxY, y[u] ?? 0);
  }
  const area = Math.max(1e-9, (maxX - minX) * (maxY - minY)) / p;
  for (let it = 0; it < iterations && !stop(); it++) {
    L.fill(0);
    sx.fill(0);
    sy.fill(0);
    cnt.fill(0);
    for (let u = 0; u < n; u++) {
      const ux = x[u] ?? 0;
      const uy = y[u] ?? 0;
      let best = 0;
      let bestVal = Number.POSITIVE_INFINITY;
      for (let k = 0; k < p; k++) {
        const dx = ux - (cx[k] ?? 0);
        const dy = uy - (cy[k] ?? 0);
        const v = dx * dx + dy * dy - (psi[k] ?? 0);
        if (v < bestVal) {
          bestVal = v;
          best = k;
        }
      }
      L[best] = (L[best] ?? 0) + (load[u] ?? 0);
      sx[best] = (sx[best] ?? 0) + ux;
      sy[best] = (sy[best] ?? 0) + uy;
      cnt[best] = (cnt[best] ?? 0) + 1;
    }
    for (let k = 0; k < p; k++) {
      // Step 0.4 of the area per unit of load: larger steps oscillate. Centres stop moving after
      // 60% of the iterations so the weights can settle.
      psi[k] = (psi[k] ?? 0) + 0.4 * (1 - (L[k] ?? 0)) * area;
      if ((cnt[k] ?? 0) > 0 && it % 3 === 2 && it < iterations * 0.6) {
        cx[k] = (sx[k] ?? 0) / (cnt[k] ?? 1);
        cy[k] = (sy[k] ?? 0) / (cnt[k] ?? 1);
      }
    }
  }
  return psi;
}

/**
 * Grow p connected territories from the units nearest to the centres, claiming units in order of
 * power distance d^2 - psi_k (a connected approximation of the power diagram).
 */
export function growRegions(
  inst: CtdpInstance,
  cx: Float64Array,
  cy: Float64Array,
  psi: Float64Array,
): Int32Array {
  const { n, p, x, y, adj, adjStart } = inst;
  const assign = new Int32Array(n).fill(-1);
  const heap = new MinHeap(n * 4);
  const pd = (u: number, k: number): number => {
    const dx = (x[u] ?? 0) - (cx[k] ?? 0);
    const dy = (y[u] ?? 0) - (cy[k] ?? 0);
    return dx * dx + dy * dy - (psi[k] ?? 0);
  };
  for (let k = 0; k < p; k++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let u = 0; u < n; u++) {
      if (assign[u] !== -1) continue;
      const dx = (x[u] ?? 0) - (cx[k] ?? 0);
      const dy = (y[u] ?? 0) - (cy[k] ?? 0);
      const e = dx * dx + dy * dy;
      if (e < bestD) {
        bestD = e;
        best = u;
      }
    }
    assign[best] = k;
  }
  for (let u = 0; u < n; u++) {
    const k = assign[u] ?? -1;
    if (k < 0) continue;
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
      const v = adj[j] ?? 0;
      if (assign[v] === -1) heap.push(pd(v, k), v * p + k);
    }
  }
  while (heap.size > 0) {
    const code = heap.pop();
    const u = Math.floor(code / p);
    const k = code - u * p;
    if (assign[u] !== -1) continue;
    assign[u] = k;
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
      const v = adj[j] ?? 0;
      if (assign[v] === -1) heap.push(pd(v, k), v * p + k);
    }
  }
  // A disconnected adjacency graph would leave units unreached: give them the nearest centre.
  for (let u = 0; u < n; u++) {
    if (assign[u] !== -1) continue;
    let best = 0;
    let bestVal = Number.POSITIVE_INFINITY;
    for (let k = 0; k < p; k++) {
      const v = pd(u, k);
      if (v < bestVal) {
        bestVal = v;
        best = k;
      }
    }
    assign[u] = best;
  }
  return assign;
}

/**
 * Build a compact, connected, roughly balanced starting partition (random k-means++ start). The
 * Lloyd iterations end early once `stop` says so; the result is still a connected partition.
 */
export function construct(
  inst: CtdpInstance,
  load: Float64Array,
  rng: Rng,
  iterations = 100,
  stop: () => boolean = () => false,
): Int32Array {
  const { cx, cy } = seedCentres(inst, rng);
  const psi = balancedLloyd(inst, load, cx, cy, iterations, stop);
  return growRegions(inst, cx, cy, psi);
}
