import { balancedLloyd, growRegions, kmeansPlusPlus, seedUnits } from "../search/regions.js";
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

/**
 * Build a compact, connected, roughly balanced starting partition (random k-means++ start). The
 * Lloyd iterations end early once `stop` says so; the result is still a connected partition.
 * The power-diagram pieces are the planner's (search/regions.ts), with equal targets.
 */
export function construct(
  inst: CtdpInstance,
  load: Float64Array,
  rng: Rng,
  iterations = 100,
  stop: () => boolean = () => false,
): Int32Array {
  const { x, y } = inst;
  const { cx, cy } = kmeansPlusPlus(x, y, undefined, inst.p, rng);
  const psi = balancedLloyd(x, y, load, cx, cy, { iterations, stop });
  const assign = new Int32Array(inst.n).fill(-1);
  seedUnits(x, y, cx, cy, assign);
  return growRegions(inst, x, y, cx, cy, psi, assign);
}
