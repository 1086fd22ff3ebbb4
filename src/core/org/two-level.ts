/**
 * A two-level plan with the large-scale solver: the region level first (reps pooled per region,
 * measures within +-regionTol of the regions' targets), then the reps, each patch within its
 * region (rules/within-group.ts) and every measure within +-tol of the rep's target, in the time
 * left. Both plans are checked independently by the solver.
 */
import { solveHeuristic } from "../planning/heuristic.js";
import type { PlanProblem } from "../planning/problem.js";
import type { PlanResult } from "../planning/result.js";
import type { PlanRule } from "../planning/rules/rule.js";
import { standardRules } from "../planning/rules/standard.js";
import { withinGroup } from "../planning/rules/within-group.js";
import { regionProblem } from "./levels.js";

export interface TwoLevelOptions {
  readonly tol: number;
  /** Tolerance of the region level (default tol / 2, leaving room for the reps). */
  readonly regionTol?: number;
  /** Seconds for both levels (default 60); the region level gets a third. */
  readonly timeLimit?: number;
  readonly seed?: number;
  readonly onProgress?: (phase: string, detail: string) => void;
}

export interface TwoLevelPlan {
  readonly region: PlanResult;
  readonly reps: PlanResult;
  /** Region of each unit (from the region level). */
  readonly unitRegion: Int32Array;
  /** The rep level's rules (to report or re-check the plan). */
  readonly rules: readonly PlanRule[];
}

/** Plan regions, then reps within them. */
export function solveTwoLevel(
  p: PlanProblem,
  repRegion: Int32Array,
  regionNames: readonly string[],
  o: TwoLevelOptions,
): TwoLevelPlan {
  const t0 = Date.now();
  const limit = o.timeLimit ?? 60;
  const rp = regionProblem(p, repRegion, regionNames);
  const region = solveHeuristic(rp, standardRules(rp, o.regionTol ?? o.tol / 2), {
    timeLimit: limit / 3,
    seed: o.seed ?? 1,
    ...(o.onProgress ? { onProgress: (ph, d) => o.onProgress?.(`region ${ph}`, d) } : {}),
  });
  const unitRegion = region.assign ?? new Int32Array(p.n).fill(-1);
  const rules = [...standardRules(p, o.tol), withinGroup(p, unitRegion, repRegion, regionNames)];
  const reps = solveHeuristic(p, rules, {
    timeLimit: Math.max(1, limit - (Date.now() - t0) / 1000),
    seed: o.seed ?? 1,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { region, reps, unitRegion, rules };
}

/**
 * Regions of reps by their homes: split west/east at the median home, then each half into
 * equal bands north to south (`regions` must be even, reps a multiple of it).
 */
export function regionsByHome(p: PlanProblem, regions: number): Int32Array {
  const out = new Int32Array(p.p);
  const byX = [...Array(p.p).keys()].sort((a, b) => (p.homeX[a] ?? 0) - (p.homeX[b] ?? 0));
  const half = Math.ceil(p.p / 2);
  const per = regions / 2;
  [byX.slice(0, half), byX.slice(half)].forEach((side, s) => {
    side.sort((a, b) => (p.homeY[a] ?? 0) - (p.homeY[b] ?? 0));
    side.forEach((r, i) => {
      out[r] = s * per + Math.min(per - 1, Math.floor((i * per) / side.length));
    });
  });
  return out;
}
