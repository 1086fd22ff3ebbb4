import { Rng } from "../ctdp/rng.js";
import type { SearchContext } from "./context.js";
import { slotCost } from "./context.js";

/** Outcome of a local search run. */
export interface LocalResult {
  readonly moves: number;
  readonly sweeps: number;
  /** True when a full sweep found no improving move (a local optimum). */
  readonly converged: boolean;
}

/**
 * First-improvement relocation search: sweep the units in random order and move each to the
 * candidate (or guard-proposed) rep that lowers the search cost most, keeping loads and costs
 * incrementally; guards (e.g. contiguity) veto moves. Stops at a local optimum or the deadline.
 */
export function localSearch(
  ctx: SearchContext,
  assign: Int32Array,
  loads: Float64Array,
  opts: { deadline: number; seed: number; maxSweeps?: number },
): LocalResult {
  const { p, mA, wA, curves, lin, guards } = ctx;
  const { start, cand } = ctx.cands;
  for (const gd of guards) gd.sync?.(assign);
  const rng = new Rng(opts.seed);
  const order = new Int32Array(p.n);
  for (let u = 0; u < p.n; u++) order[u] = u;
  const extra: number[] = [];
  let moves = 0;
  let sweeps = 0;
  let converged = false;
  const maxSweeps = opts.maxSweeps ?? 1000;
  const eps = 1e-12;
  outer: while (sweeps < maxSweeps) {
    sweeps++;
    for (let i = p.n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    let improved = 0;
    for (let idx = 0; idx < p.n; idx++) {
      if ((idx & 4095) === 0 && Date.now() > opts.deadline) break outer;
      const u = order[idx] ?? 0;
      const s0 = start[u] ?? 0;
      const s1 = start[u + 1] ?? 0;
      if (s1 - s0 <= 1 && guards.length === 0) continue;
      const a = assign[u] ?? 0;
      const ca = slotCost(ctx, u, a);
      const wu = u * mA;
      let out = 0;
      for (let k = 0; k < mA; k++) {
        const i = a * mA + k;
        const l = loads[i] ?? 0;
        const g = curves.value(i, l - (wA[wu + k] ?? 0)) - curves.value(i, l);
        out += g;
      }
      let bestD = -eps;
      let bestR = -1;
      const consider = (b: number, cb: number) => {
        let d = cb - ca + out;
        for (let k = 0; k < mA; k++) {
          const i = b * mA + k;
          const l = loads[i] ?? 0;
          d += curves.value(i, l + (wA[wu + k] ?? 0)) - curves.value(i, l);
        }
        if (d >= bestD) return;
        for (const gd of guards) if (!gd.canMove(u, a, b, assign)) return;
        bestD = d;
        bestR = b;
      };
      for (let j = s0; j < s1; j++) {
        const b = cand[j] ?? 0;
        if (b !== a) consider(b, lin[j] ?? 0);
      }
      if (guards.length) {
        extra.length = 0;
        for (const gd of guards) gd.targets?.(u, assign, extra);
        for (const b of extra) if (b !== a && ctx.allows(u, b)) consider(b, slotCost(ctx, u, b));
      }
      if (bestR >= 0) {
        assign[u] = bestR;
        for (const gd of guards) gd.moved?.(u, a, bestR, assign);
        for (let k = 0; k < mA; k++) {
          const w = wA[wu + k] ?? 0;
          loads[a * mA + k] = (loads[a * mA + k] ?? 0) - w;
          loads[bestR * mA + k] = (loads[bestR * mA + k] ?? 0) + w;
        }
        moves++;
        improved++;
      }
    }
    if (improved === 0) {
      converged = true;
      break;
    }
  }
  return { moves, sweeps, converged };
}
