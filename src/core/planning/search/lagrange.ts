import type { SearchContext } from "./context.js";
import type { LoadCurves } from "./curves.js";

/** Non-improving iterations before the step size halves. */
const STALL = 5;

/** Outcome of the Lagrangian phase. */
export interface LagrangeResult {
  /** Best Lagrangian value of the problem restricted to candidate reps (not yet a bound on the full problem). */
  readonly restricted: number;
  /** Multiplier scale per active measure (mean target). */
  readonly scale: Float64Array;
  /** Best primal assignment seen (lowest search cost) and its cost. */
  readonly assign: Int32Array;
  readonly cost: number;
  readonly iterations: number;
  /** Multipliers of the best restricted value (warm start, and input to exactBound). */
  readonly pi: Float64Array;
}

/**
 * Subgradient ascent on the Lagrangian dual of the plan with the load-definition rows
 * (load[r][k] = sum of w[u][k] x[u][r]) relaxed, over candidate reps only (fast); each unit
 * picks its cheapest candidate under cost + pi.w and each load its best value within its hard
 * limits. Each pick of reps is also a primal plan. `exactBound` turns the multipliers into a
 * bound on the full problem.
 */
export function lagrangian(
  ctx: SearchContext,
  opts: {
    iterations: number;
    deadline: number;
    upper: number;
    pi?: Float64Array;
    start?: { assign: Int32Array; cost: number };
  },
): LagrangeResult {
  const { p, mA, wA, curves, lin } = ctx;
  const { start, cand } = ctx.cands;
  const P = p.p * mA;
  // Multipliers act on loads scaled by the mean target of each measure, so all measures step alike.
  const scale = new Float64Array(mA);
  for (let a = 0; a < mA; a++)
    scale[a] = Math.max((p.totals[curves.active[a] ?? 0] ?? 0) / p.p, 1e-12);
  const pi = opts.pi ? Float64Array.from(opts.pi) : new Float64Array(P);
  const loadS = new Float64Array(P);
  const g = new Float64Array(P);
  const pts = Array.from({ length: P }, (_, i) => curves.points(i));
  const cur = new Int32Array(p.n);
  let bestAssign = opts.start ? Int32Array.from(opts.start.assign) : new Int32Array(p.n);
  let bestCost = opts.start ? opts.start.cost : Number.POSITIVE_INFINITY;
  let bound = Number.NEGATIVE_INFINITY;
  let bestL = Number.NEGATIVE_INFINITY;
  let bestPi = Float64Array.from(pi);
  let upper = opts.upper;
  let theta = 0.1;
  let stall = 0;
  let it = 0;
  for (; it < opts.iterations && Date.now() < opts.deadline; it++) {
    loadS.fill(0);
    let L = 0;
    let linSum = 0;
    for (let u = 0; u < p.n; u++) {
      let best = Number.POSITIVE_INFINITY;
      let br = -1;
      let bl = 0;
      const wu = u * mA;
      for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++) {
        const r = cand[j] ?? 0;
        let v = lin[j] ?? 0;
        for (let a = 0; a < mA; a++)
          v += ((pi[r * mA + a] ?? 0) * (wA[wu + a] ?? 0)) / (scale[a] ?? 1);
        if (v < best) {
          best = v;
          br = r;
          bl = lin[j] ?? 0;
        }
      }
      cur[u] = br;
      linSum += bl;
      for (let a = 0; a < mA; a++)
        loadS[br * mA + a] = (loadS[br * mA + a] ?? 0) + (wA[wu + a] ?? 0);
      L += best;
    }
    let norm = 0;
    for (let i = 0; i < P; i++) {
      const s = scale[i % mA] ?? 1;
      const { value, load } = bestLoad(curves, pts[i] ?? [], i, (pi[i] ?? 0) / s);
      L += value;
      const gi = ((loadS[i] ?? 0) - load) / s;
      g[i] = gi;
      norm += gi * gi;
    }
    if (L > bestL) {
      bestL = L;
      bestPi = Float64Array.from(pi);
    }
    if (L > bound) {
      if (L - bound < 1e-9 * Math.abs(L)) stall++;
      else stall = 0;
      bound = L;
    } else if (++stall >= STALL) {
      theta /= 2;
      stall = 0;
    }
    if (stall >= STALL) {
      theta /= 2;
      stall = 0;
    }
    // The primal's cost from this pass's own sums: chosen linear costs plus the load curves.
    let cost = linSum;
    for (let i = 0; i < P; i++) cost += curves.value(i, loadS[i] ?? 0);
    if (cost < bestCost) {
      bestCost = cost;
      bestAssign = Int32Array.from(cur);
    }
    upper = Math.min(upper, bestCost);
    if (norm === 0 || theta < 1e-6) break;
    // Polyak step toward the best primal cost, capped: early primals carry huge penalties (objective
    // terms are normalised to order 1, so a gap of max(|L|, 1) is a safe cap).
    const target = Math.max(
      Math.min(upper - L, Math.max(Math.abs(L), 1)),
      1e-4 * Math.abs(L) + 1e-9,
    );
    const t = (theta * target) / norm;
    for (let i = 0; i < P; i++) pi[i] = (pi[i] ?? 0) + t * (g[i] ?? 0);
  }
  return {
    restricted: bound,
    assign: bestAssign,
    cost: bestCost,
    iterations: it,
    pi: bestPi,
    scale,
  };
}

/** Minimum over the given loads of curve i minus price * load. */
function bestLoad(
  curves: LoadCurves,
  pts: readonly number[],
  i: number,
  price: number,
): { value: number; load: number } {
  let value = Number.POSITIVE_INFINITY;
  let load = 0;
  for (const q of pts) {
    const v = curves.value(i, q) - price * q;
    if (v < value) {
      value = v;
      load = q;
    }
  }
  return { value, load };
}

/**
 * The Lagrangian value at multipliers `pi` over every eligible rep: a proven lower bound on
 * the optimal objective of the full problem without its structural rules (contiguity), hence
 * of the full problem too. Non-candidate reps are scanned ring by ring around each unit until
 * a lower bound on the remaining reps (rules' unitCostBeyond plus the cheapest price) exceeds
 * the best value found.
 */
export function exactBound(
  ctx: SearchContext,
  pi: Float64Array,
  scale: Float64Array,
  opts: { deadline?: number; columns?: number[] } = {},
): number | undefined {
  const { p, mA, wA, curves, lin } = ctx;
  const { start, cand, reps } = ctx.cands;
  const P = p.p * mA;
  const minPi = new Float64Array(mA).fill(Number.POSITIVE_INFINITY);
  for (let r = 0; r < p.p; r++)
    for (let a = 0; a < mA; a++)
      minPi[a] = Math.min(minPi[a] ?? 0, (pi[r * mA + a] ?? 0) / (scale[a] ?? 1));
  let L = 0;
  const deadline = opts.deadline ?? Number.POSITIVE_INFINITY;
  for (let u = 0; u < p.n; u++) {
    if ((u & 1023) === 0 && Date.now() > deadline) return undefined;
    const wu = u * mA;
    const s0 = start[u] ?? 0;
    const s1 = start[u + 1] ?? 0;
    const price = (r: number) => {
      let v = 0;
      for (let a = 0; a < mA; a++)
        v += ((pi[r * mA + a] ?? 0) * (wA[wu + a] ?? 0)) / (scale[a] ?? 1);
      return v;
    };
    let best = Number.POSITIVE_INFINITY;
    for (let j = s0; j < s1; j++) best = Math.min(best, (lin[j] ?? 0) + price(cand[j] ?? 0));
    let bestNew = -1;
    let ringFloor = 0;
    let cheapest = 0;
    for (let a = 0; a < mA; a++) cheapest += (minPi[a] ?? 0) * (wA[wu + a] ?? 0);
    const ux = p.x[u] ?? 0;
    const uy = p.y[u] ?? 0;
    reps.search(
      ux,
      uy,
      (minDist) => {
        ringFloor = ctx.linearBeyond(u, minDist);
        return ringFloor + cheapest < best;
      },
      (r) => {
        // Cheap test first: the ring's distance floor plus this rep's price.
        const pr = price(r);
        if (ringFloor + pr >= best) return;
        for (let j = s0; j < s1; j++) if (cand[j] === r) return;
        if (!ctx.allows(u, r)) return;
        // The rep's exact linear cost: the distance floor above leaves out e.g. the owner change.
        const v = ctx.linearCost(u, r) + pr;
        if (v < best) {
          best = v;
          bestNew = r;
        }
      },
    );
    // A rep outside the candidates that wins here is a column worth adding (column generation).
    if (bestNew >= 0) opts.columns?.push(u, bestNew);
    L += best;
  }
  for (let i = 0; i < P; i++) {
    const pts = curves.points(i);
    L += bestLoad(curves, pts, i, (pi[i] ?? 0) / (scale[i % mA] ?? 1)).value;
  }
  return L;
}

/**
 * Multipliers with each measure's prices raised to their `q`-quantile across reps. Any prices give
 * a valid bound; clipping the few very low ones keeps the exact pass's ring search short.
 */
export function clipPrices(pi: Float64Array, mA: number, q: number): Float64Array {
  const out = Float64Array.from(pi);
  const p = pi.length / Math.max(1, mA);
  for (let a = 0; a < mA; a++) {
    const col = Array.from({ length: p }, (_, r) => pi[r * mA + a] ?? 0).sort((x, y) => x - y);
    const floor = col[Math.min(p - 1, Math.floor(q * p))] ?? 0;
    for (let r = 0; r < p; r++) out[r * mA + a] = Math.max(floor, pi[r * mA + a] ?? 0);
  }
  return out;
}
