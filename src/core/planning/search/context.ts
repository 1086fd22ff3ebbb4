import { allowsAll } from "../eligibility.js";
import type { PlanProblem } from "../problem.js";
import type { MoveGuard, PlanRule } from "../rules/rule.js";
import { buildCandidates, type Candidates } from "./candidates.js";
import { LoadCurves } from "./curves.js";

/** Everything the heuristic's phases share: candidates, their linear costs, compiled load curves. */
export interface SearchContext {
  readonly p: PlanProblem;
  readonly cands: Candidates;
  /** Weighted linear cost of each candidate slot (aligned with `cands.cand`). */
  readonly lin: Float64Array;
  readonly curves: LoadCurves;
  /** Active measures of each unit (`wA[u * mA + a]`). */
  readonly wA: Float64Array;
  readonly mA: number;
  readonly guards: readonly MoveGuard[];
  readonly allows: (u: number, r: number) => boolean;
  /** Weighted linear cost of giving u to any rep. */
  linearCost(u: number, r: number): number;
  /** Lower bound on the weighted linear cost of u at any rep whose home is at least `d` away. */
  linearBeyond(u: number, d: number): number;
}

/** Build the search context of a problem and its rules (K nearest candidate reps per unit). */
export function searchContext(
  p: PlanProblem,
  rules: readonly PlanRule[],
  K: number,
): SearchContext & { rules: readonly PlanRule[] } {
  const allows = allowsAll(rules);
  const fixers = rules.flatMap((r) => (r.fixedRep ? [r.fixedRep] : []));
  const fixed = (u: number) => {
    for (const f of fixers) {
      const r = f(u);
      if (r >= 0) return r;
    }
    return -1;
  };
  const cands = buildCandidates(p, allows, fixed, K);
  const linear = rules.flatMap((r) =>
    r.unitCost && r.weight !== 0 ? [{ w: r.weight, c: r.unitCost, b: r.unitCostBeyond }] : [],
  );
  const linearCost = (u: number, r: number) => {
    let s = 0;
    for (const t of linear) s += t.w * t.c(u, r);
    return s;
  };
  const linearBeyond = (u: number, d: number) => {
    let s = 0;
    for (const t of linear) s += t.b ? t.w * t.b(u, d) : 0;
    return s;
  };
  const { start, cand } = cands;
  const lin = new Float64Array(cand.length);
  for (let u = 0; u < p.n; u++) {
    for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++) lin[j] = linearCost(u, cand[j] ?? 0);
  }
  const curves = new LoadCurves(p, rules);
  const mA = curves.active.length;
  const m = p.measureNames.length;
  const wA = new Float64Array(p.n * mA);
  for (let u = 0; u < p.n; u++) {
    for (let a = 0; a < mA; a++) wA[u * mA + a] = p.measures[u * m + (curves.active[a] ?? 0)] ?? 0;
  }
  const guards = rules.flatMap((r) => (r.guard ? [r.guard] : []));
  return { p, rules, cands, lin, curves, wA, mA, guards, allows, linearCost, linearBeyond };
}

/** Search cost of an assignment: linear costs plus load curves (objective + hard-limit penalties). */
export function searchCost(
  ctx: SearchContext,
  assign: Int32Array,
): { cost: number; loads: Float64Array } {
  const { p, mA, wA, curves } = ctx;
  const loads = new Float64Array(p.p * mA);
  let cost = 0;
  for (let u = 0; u < p.n; u++) {
    const r = assign[u] ?? 0;
    cost += slotCost(ctx, u, r);
    for (let a = 0; a < mA; a++)
      loads[r * mA + a] = (loads[r * mA + a] ?? 0) + (wA[u * mA + a] ?? 0);
  }
  for (let i = 0; i < p.p * mA; i++) cost += curves.value(i, loads[i] ?? 0);
  return { cost, loads };
}

/** Weighted linear cost of u at rep r, from its candidate slot when r is a candidate. */
export function slotCost(ctx: SearchContext, u: number, r: number): number {
  const { start, cand } = ctx.cands;
  for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++)
    if (cand[j] === r) return ctx.lin[j] ?? 0;
  return ctx.linearCost(u, r);
}

/** A context whose candidate lists also hold the given (unit, rep) pairs (flat pairs), with their costs. */
export function withColumns<T extends SearchContext>(ctx: T, pairs: readonly number[]): T {
  const { start, cand } = ctx.cands;
  const n = ctx.p.n;
  const add = new Int32Array(n + 1);
  for (let i = 0; i + 1 < pairs.length; i += 2)
    add[(pairs[i] ?? 0) + 1] = (add[(pairs[i] ?? 0) + 1] ?? 0) + 1;
  const ns = new Int32Array(n + 1);
  for (let u = 0; u < n; u++)
    ns[u + 1] = (ns[u] ?? 0) + ((start[u + 1] ?? 0) - (start[u] ?? 0)) + (add[u + 1] ?? 0);
  const nc = new Int32Array(ns[n] ?? 0);
  const nl = new Float64Array(ns[n] ?? 0);
  const fill = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    const len = (start[u + 1] ?? 0) - (start[u] ?? 0);
    nc.set(cand.subarray(start[u] ?? 0, start[u + 1] ?? 0), ns[u] ?? 0);
    nl.set(ctx.lin.subarray(start[u] ?? 0, start[u + 1] ?? 0), ns[u] ?? 0);
    fill[u] = (ns[u] ?? 0) + len;
  }
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const u = pairs[i] ?? 0;
    const r = pairs[i + 1] ?? 0;
    const j = fill[u] ?? 0;
    nc[j] = r;
    nl[j] = ctx.linearCost(u, r);
    fill[u] = j + 1;
  }
  return { ...ctx, cands: { ...ctx.cands, start: ns, cand: nc }, lin: nl };
}
