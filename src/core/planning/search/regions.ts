import { MinHeap } from "../ctdp/heap.js";
import { Rng } from "../ctdp/rng.js";
import type { SearchContext } from "./context.js";
import { hungarian } from "./hungarian.js";

/**
 * Each unit's share of the balanced measures (mean over active measures of its share of the
 * total) and each rep's target share (mean over measures of the middle of its band over the sum
 * of the middles), so loads and targets are on one scale that sums to 1.
 */
export function shares(ctx: SearchContext): { load: Float64Array; target: Float64Array } {
  const { p, mA, wA, curves } = ctx;
  const load = new Float64Array(p.n);
  const target = new Float64Array(p.p);
  if (mA === 0) {
    load.fill(1 / Math.max(1, p.n));
    let cap = 0;
    for (const c of p.capacity) cap += c;
    for (let r = 0; r < p.p; r++) target[r] = (p.capacity[r] ?? 0) / cap;
    return { load, target };
  }
  for (let a = 0; a < mA; a++) {
    let total = 0;
    for (let u = 0; u < p.n; u++) total += wA[u * mA + a] ?? 0;
    let mids = 0;
    for (let r = 0; r < p.p; r++)
      mids += ((curves.lo[r * mA + a] ?? 0) + (curves.hi[r * mA + a] ?? 0)) / 2;
    for (let u = 0; u < p.n; u++)
      load[u] = (load[u] ?? 0) + (total > 0 ? (wA[u * mA + a] ?? 0) / total / mA : 1 / p.n / mA);
    for (let r = 0; r < p.p; r++) {
      const mid = ((curves.lo[r * mA + a] ?? 0) + (curves.hi[r * mA + a] ?? 0)) / 2;
      target[r] = (target[r] ?? 0) + (mids > 0 ? mid / mids / mA : 1 / p.p / mA);
    }
  }
  return { load, target };
}

/** Options of the power-diagram Lloyd iterations. */
export interface LloydOptions {
  readonly iterations: number;
  /** Target load of each cell (the loads sum to the cells' targets' sum). */
  readonly target?: Float64Array;
  /** False when unit u may not join cell k. */
  readonly allows?: (u: number, k: number) => boolean;
  readonly stop?: () => boolean;
  /** Area per cell that scales the weight steps (default: bounding box area / p). */
  readonly area?: number;
  /**
   * Per-cell step sizes that grow by 1.2 while a cell's load stays on one side of its target and
   * halve when it crosses (Rprop): robust when outliers (islands) stretch the bounding box.
   */
  readonly adaptive?: boolean;
}

/**
 * Capacity-balanced Lloyd iterations on a power diagram: each unit goes to the (allowed) centre
 * minimising d^2 - psi_k, psi_k is nudged until every cell's load approaches its target (1 when
 * no targets are given), and centres move to their cells' centroids for the first 60% of the
 * iterations (every third one) so the weights can settle. Moves the centres; returns psi.
 */
export function balancedLloyd(
  x: Float64Array,
  y: Float64Array,
  load: Float64Array,
  cx: Float64Array,
  cy: Float64Array,
  opts: LloydOptions,
): Float64Array {
  const n = x.length;
  const p = cx.length;
  const { iterations, target, allows } = opts;
  const stop = opts.stop ?? (() => false);
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
  const area = opts.area ?? Math.max(1e-9, (maxX - minX) * (maxY - minY)) / p;
  const step = new Float64Array(p).fill(0.4 * area);
  const side = new Int8Array(p);
  for (let it = 0; it < iterations && !stop(); it++) {
    L.fill(0);
    sx.fill(0);
    sy.fill(0);
    cnt.fill(0);
    for (let u = 0; u < n; u++) {
      const ux = x[u] ?? 0;
      const uy = y[u] ?? 0;
      let best = -1;
      let bestVal = Number.POSITIVE_INFINITY;
      for (let k = 0; k < p; k++) {
        const dx = ux - (cx[k] ?? 0);
        const dy = uy - (cy[k] ?? 0);
        const v = dx * dx + dy * dy - (psi[k] ?? 0);
        if (v < bestVal && (allows === undefined || allows(u, k))) {
          bestVal = v;
          best = k;
        }
      }
      if (best < 0) continue;
      L[best] = (L[best] ?? 0) + (load[u] ?? 0);
      sx[best] = (sx[best] ?? 0) + ux;
      sy[best] = (sy[best] ?? 0) + uy;
      cnt[best] = (cnt[best] ?? 0) + 1;
    }
    for (let k = 0; k < p; k++) {
      // Step 0.4 of the area per unit of relative load: larger steps oscillate.
      const t = target ? (target[k] ?? 0) : 1;
      const rel = (t - (L[k] ?? 0)) / t;
      if (opts.adaptive) {
        const sgn = rel > 0 ? 1 : rel < 0 ? -1 : 0;
        if (sgn !== 0 && sgn === -(side[k] ?? 0)) step[k] = (step[k] ?? 0) * 0.5;
        else if (sgn !== 0 && sgn === side[k]) step[k] = (step[k] ?? 0) * 1.2;
        side[k] = sgn;
        psi[k] = (psi[k] ?? 0) + (step[k] ?? 0) * Math.max(-1, Math.min(1, rel));
      } else psi[k] = (psi[k] ?? 0) + 0.4 * rel * area;
      if ((cnt[k] ?? 0) > 0 && it % 3 === 2 && it < iterations * 0.6) {
        cx[k] = (sx[k] ?? 0) / (cnt[k] ?? 1);
        cy[k] = (sy[k] ?? 0) / (cnt[k] ?? 1);
      }
    }
  }
  return psi;
}

/** Graph of the regions: CSR adjacency. */
export interface RegionGraph {
  readonly adjStart: ArrayLike<number>;
  readonly adj: ArrayLike<number>;
}

/**
 * Grow connected regions from seeds, claiming units in order of power distance d^2 - psi_k (a
 * connected approximation of the power diagram). `assign` holds the seeds (-1 elsewhere; every
 * cell needs one to grow) and is filled in place; units no region can reach over allowed pairs
 * (a disconnected graph) go to the nearest allowed centre.
 */
export function growRegions(
  g: RegionGraph,
  x: Float64Array,
  y: Float64Array,
  cx: Float64Array,
  cy: Float64Array,
  psi: Float64Array,
  assign: Int32Array,
  allows?: (u: number, k: number) => boolean,
): Int32Array {
  const { adj, adjStart } = g;
  const n = x.length;
  const p = cx.length;
  const heap = new MinHeap(n * 4);
  const pd = (u: number, k: number): number => {
    const dx = (x[u] ?? 0) - (cx[k] ?? 0);
    const dy = (y[u] ?? 0) - (cy[k] ?? 0);
    return dx * dx + dy * dy - (psi[k] ?? 0);
  };
  const ok = (v: number, k: number) => assign[v] === -1 && (allows === undefined || allows(v, k));
  for (let u = 0; u < n; u++) {
    const k = assign[u] ?? -1;
    if (k < 0) continue;
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
      const v = adj[j] ?? 0;
      if (ok(v, k)) heap.push(pd(v, k), v * p + k);
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
      if (ok(v, k)) heap.push(pd(v, k), v * p + k);
    }
  }
  for (let u = 0; u < n; u++) {
    if (assign[u] !== -1) continue;
    let best = -1;
    let bestVal = Number.POSITIVE_INFINITY;
    for (let k = 0; k < p; k++) {
      const v = pd(u, k);
      if (v < bestVal && (allows === undefined || allows(u, k))) {
        bestVal = v;
        best = k;
      }
    }
    assign[u] = best;
  }
  return assign;
}

/** The unit nearest to each centre, each unit used once (seeds of region growing). */
export function seedUnits(
  x: Float64Array,
  y: Float64Array,
  cx: Float64Array,
  cy: Float64Array,
  assign: Int32Array,
  allows?: (u: number, k: number) => boolean,
): void {
  const n = x.length;
  for (let k = 0; k < cx.length; k++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let u = 0; u < n; u++) {
      if (assign[u] !== -1 || (allows !== undefined && !allows(u, k))) continue;
      const e = ((x[u] ?? 0) - (cx[k] ?? 0)) ** 2 + ((y[u] ?? 0) - (cy[k] ?? 0)) ** 2;
      if (e < bestD) {
        bestD = e;
        best = u;
      }
    }
    if (best >= 0) assign[best] = k;
  }
}

/** k-means++ centres: p units drawn with probability proportional to weight x squared distance. */
export function kmeansPlusPlus(
  x: Float64Array,
  y: Float64Array,
  weight: Float64Array | undefined,
  p: number,
  rng: Rng,
): { cx: Float64Array; cy: Float64Array } {
  const n = x.length;
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
      total += (d2[u] ?? 0) * (weight ? (weight[u] ?? 0) : 1);
    }
    let r = rng.next() * total;
    c = n - 1;
    for (let u = 0; u < n; u++) {
      r -= (d2[u] ?? 0) * (weight ? (weight[u] ?? 0) : 1);
      if (r <= 0) {
        c = u;
        break;
      }
    }
  }
  return { cx, cy };
}

/** Most reps for which whole territories are re-matched to reps (the matching is cubic in p). */
const MATCH_LIMIT = 400;

/**
 * A connected, roughly balanced start for plans over an adjacency graph (e.g. counties with
 * contiguity): weighted k-means++ centres, each matched to the rep whose home is nearest,
 * capacity-balanced power-diagram iterations towards each rep's target share, connected region
 * growing (locked units seed their reps' regions), then the whole territories re-matched to reps
 * by an optimal assignment on their linear costs (distance to home, disruption) and load fit.
 */
export function regionStart(ctx: SearchContext, seed: number, deadline: number): Int32Array {
  const { p } = ctx;
  const adjacency = p.adjacency;
  const n = p.n;
  const rng = new Rng(seed);
  const { load, target } = shares(ctx);
  const weight = Float64Array.from(load, (v) => v + 1e-6 / Math.max(1, n));
  const { cx, cy } = kmeansPlusPlus(p.x, p.y, weight, p.p, rng);
  // Centres go to reps with known homes greedily by distance; the rest in order.
  const pairs: [number, number, number][] = [];
  for (let k = 0; k < p.p; k++) {
    for (let r = 0; r < p.p; r++) {
      const hx = p.homeX[r] ?? Number.NaN;
      const hy = p.homeY[r] ?? Number.NaN;
      if (!Number.isNaN(hx) && !Number.isNaN(hy))
        pairs.push([Math.hypot((cx[k] ?? 0) - hx, (cy[k] ?? 0) - hy), k, r]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const repOf = new Int32Array(p.p).fill(-1);
  const taken = new Uint8Array(p.p);
  for (const [, k, r] of pairs) {
    if ((repOf[k] ?? 0) >= 0 || taken[r]) continue;
    repOf[k] = r;
    taken[r] = 1;
  }
  let free = 0;
  for (let k = 0; k < p.p; k++) {
    if ((repOf[k] ?? 0) >= 0) continue;
    while (taken[free]) free++;
    repOf[k] = free;
    taken[free] = 1;
  }
  // Reindex the centres by rep.
  const rx = new Float64Array(p.p);
  const ry = new Float64Array(p.p);
  for (let k = 0; k < p.p; k++) {
    rx[repOf[k] ?? 0] = cx[k] ?? 0;
    ry[repOf[k] ?? 0] = cy[k] ?? 0;
  }
  // Weight steps scale with the squared spacing of the centres, not the bounding box, which far
  // islands stretch.
  const area = medianSpacing(rx, ry);
  const psi = balancedLloyd(p.x, p.y, load, rx, ry, {
    iterations: Math.round(Math.min(300, Math.max(30, 3e8 / Math.max(1, n * p.p)))),
    area,
    adaptive: true,
    target,
    allows: ctx.allows,
    stop: () => Date.now() > deadline,
  });
  const assign = new Int32Array(n).fill(-1);
  // Units only one rep may take (locks) seed that rep's region.
  for (let u = 0; u < n; u++) {
    const s = ctx.cands.start[u] ?? 0;
    if ((ctx.cands.start[u + 1] ?? 0) - s === 1 && !anyOther(ctx, u, ctx.cands.cand[s] ?? 0))
      assign[u] = ctx.cands.cand[s] ?? 0;
  }
  seedUnits(p.x, p.y, rx, ry, assign, ctx.allows);
  const graph = adjacency
    ? { adjStart: adjacency.offsets, adj: adjacency.neighbors }
    : { adjStart: new Int32Array(n + 1), adj: new Int32Array(0) };
  growRegions(graph, p.x, p.y, rx, ry, psi, assign, ctx.allows);
  for (let u = 0; u < n; u++)
    if ((assign[u] ?? -1) < 0) assign[u] = ctx.cands.cand[ctx.cands.start[u] ?? 0] ?? 0;
  return p.p <= MATCH_LIMIT ? rematch(ctx, assign) : assign;
}

/** Whether some rep other than r may take unit u. */
function anyOther(ctx: SearchContext, u: number, r: number): boolean {
  for (let s = 0; s < ctx.p.p; s++) if (s !== r && ctx.allows(u, s)) return true;
  return false;
}

/**
 * Give whole territories to reps by an optimal assignment: the cost of territory t at rep r is
 * the linear cost of its units at r plus r's load cost for t's loads (forbidden when a unit of t
 * may not go to r). Returns the relabelled assignment.
 */
export function rematch(ctx: SearchContext, assign: Int32Array): Int32Array {
  const { p, mA, wA, curves } = ctx;
  const P = p.p;
  const cost = new Float64Array(P * P);
  const forbidden = new Uint8Array(P * P);
  const tl = new Float64Array(P * mA);
  for (let u = 0; u < p.n; u++) {
    const t = assign[u] ?? 0;
    for (let a = 0; a < mA; a++) tl[t * mA + a] = (tl[t * mA + a] ?? 0) + (wA[u * mA + a] ?? 0);
    for (let r = 0; r < P; r++) {
      if (forbidden[t * P + r]) continue;
      if (!ctx.allows(u, r)) forbidden[t * P + r] = 1;
      else cost[t * P + r] = (cost[t * P + r] ?? 0) + ctx.linearCost(u, r);
    }
  }
  const BIG = 1e12;
  for (let t = 0; t < P; t++) {
    for (let r = 0; r < P; r++) {
      let c = forbidden[t * P + r] ? BIG : (cost[t * P + r] ?? 0);
      for (let a = 0; a < mA; a++) c += curves.value(r * mA + a, tl[t * mA + a] ?? 0);
      cost[t * P + r] = c;
    }
  }
  const repOf = hungarian(cost, P);
  const out = new Int32Array(p.n);
  for (let u = 0; u < p.n; u++) out[u] = repOf[assign[u] ?? 0] ?? 0;
  return out;
}

/** Median over centres of the squared distance to the nearest other centre (the Lloyd step scale). */
export function medianSpacing(cx: Float64Array, cy: Float64Array): number {
  const p = cx.length;
  const gap2: number[] = [];
  for (let k = 0; k < p; k++) {
    let d = Number.POSITIVE_INFINITY;
    for (let j = 0; j < p; j++)
      if (j !== k)
        d = Math.min(d, ((cx[k] ?? 0) - (cx[j] ?? 0)) ** 2 + ((cy[k] ?? 0) - (cy[j] ?? 0)) ** 2);
    if (Number.isFinite(d)) gap2.push(d);
  }
  gap2.sort((a, b) => a - b);
  return Math.max(gap2[Math.floor(gap2.length / 2)] ?? 1, 1e-9);
}
