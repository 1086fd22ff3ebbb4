import { type Issue, issue } from "../issues.js";
import { unitId, unitIds } from "./ids.js";
import { precheck } from "./precheck.js";
import type { PlanProblem } from "./problem.js";
import { type PlanResult, relativeGap } from "./result.js";
import type { PlanRule } from "./rules/rule.js";
import { bisectionStart } from "./search/bisect.js";
import { chainRepair, repViolation } from "./search/chains.js";
import { type SearchContext, searchContext, searchCost, withColumns } from "./search/context.js";
import { LoadCurves } from "./search/curves.js";
import { clipPrices, exactBound, lagrangian } from "./search/lagrange.js";
import { localSearch } from "./search/local.js";
import { iteratedSearch } from "./search/perturb.js";
import { regionStart } from "./search/regions.js";
import { swapSearch } from "./search/swaps.js";
import { validatePlan } from "./validate.js";

/** Options of the large-scale solver. */
export interface HeuristicOptions {
  /** Wall-clock limit in seconds (default 60). */
  readonly timeLimit?: number;
  readonly seed?: number;
  /** Nearest candidate reps per unit (default 10). */
  readonly candidates?: number;
  /** Subgradient iterations before the local search (default 60). */
  readonly iterations?: number;
  /** Called after each phase with a short note. */
  readonly onProgress?: (phase: string, detail: string) => void;
}

/**
 * When the kicks stop early: the plan is within every band, and the last STALL_KICKS kicks (and at
 * least STALL_SECONDS and STALL_SHARE of the budget), each taking STALL_KICK_SHARE of the budget
 * or more on average, lowered the cost by under STALL_GAIN (relative). Short runs (tests, small
 * plans) never reach the seconds, and cheap kicks (counties: thousands per run, improving in
 * bursts) never stop early: they use their time as before.
 */
const STALL_KICKS = 10;
const STALL_SECONDS = 2;
const STALL_SHARE = 0.1;
const STALL_KICK_SHARE = 0.004;
const STALL_GAIN = 0.004;

/** Above this many (unit, rep) pairs a bisection start within every band skips the power diagram. */
const POWER_DIAGRAM_PAIRS = 1_000_000;

/** Whether every rep's loads lie within their hard bands. */
function withinBands(ctx: SearchContext, loads: Float64Array): boolean {
  for (let r = 0; r < ctx.p.p; r++) if (repViolation(ctx, loads, r) !== 0) return false;
  return true;
}

/** Wording of what the heuristic's bound bounds. */
export const LAGRANGE_BOUND_NOTE =
  "Lagrangian dual bound (load rows relaxed; contiguity ignored): a lower bound on the optimal objective of the full problem";

/**
 * Large-scale solver: candidate reps per unit (grid k-nearest), a Lagrangian phase that both
 * bounds the optimum and yields balanced primal assignments, repair by structural rules
 * (contiguity), then a relocation local search with incremental loads until a local optimum or
 * the time limit. The plan is checked independently at the end.
 */
export function solveHeuristic(
  p: PlanProblem,
  rules: readonly PlanRule[],
  opts: HeuristicOptions = {},
): PlanResult {
  const t0 = Date.now();
  const deadline = t0 + (opts.timeLimit ?? 60) * 1000;
  const seconds = () => (Date.now() - t0) / 1000;
  const base = { boundNote: LAGRANGE_BOUND_NOTE, solver: "heuristic" } as const;
  const pre = precheck(p, rules);
  if (pre.length) return { ...base, status: "infeasible", issues: pre, seconds: seconds() };
  let ctx = searchContext(p, rules, opts.candidates ?? 10);
  if (ctx.cands.orphans.length) {
    const issues: Issue[] = ctx.cands.orphans.slice(0, 10).map((u) =>
      issue("no_eligible_rep", `${unitId(p, u)} has no rep that every rule allows`, {
        ids: unitIds(p, u),
      }),
    );
    if (ctx.cands.orphans.length > 10)
      issues.push(
        issue(
          "more_violations",
          `${ctx.cands.orphans.length - 10} more units have no eligible rep`,
          {
            data: { count: ctx.cands.orphans.length - 10 },
          },
        ),
      );
    return { ...base, status: "infeasible", issues, seconds: seconds() };
  }
  opts.onProgress?.(
    "candidates",
    `${(ctx.cands.cand.length / Math.max(1, p.n)).toFixed(1)} reps per unit`,
  );
  // Prices of zero give the cheapest-rep bound (balance left at 0): quick and never negative; it
  // is the floor, and its time predicts the cost of the exact passes below.
  const tZero = Date.now();
  let bound =
    exactBound(ctx, new Float64Array(p.p * ctx.mA), new Float64Array(ctx.mA).fill(1)) ??
    Number.NEGATIVE_INFINITY;
  let passTime = Date.now() - tZero;
  opts.onProgress?.("zero-price bound", `${bound.toFixed(6)}`);
  const budget = deadline - Date.now();
  const tLag = Date.now();
  // Column generation: Lagrangian rounds over the candidates; reps outside them that win at the
  // current prices (e.g. far reps short of load) join the candidates, until under 1% of units gain one.
  // Up to half the budget: the columns serve the plan as much as the bound (with a million accounts
  // a second round lowered the objective 2% and raised the bound 7%).
  let lag = lagrangian(ctx, {
    iterations: opts.iterations ?? 60,
    deadline: Date.now() + budget * 0.1,
    upper: Number.POSITIVE_INFINITY,
  });
  for (let round = 0; round < 8 && Date.now() + 2 * passTime < tLag + budget * 0.5; round++) {
    const columns: number[] = [];
    const t0Pass = Date.now();
    // The lowest 2% of prices are raised (a short ring search when there are many reps); any prices
    // give a valid bound, and with few reps nothing changes.
    const pi = clipPrices(lag.pi, ctx.mA, 0.02);
    const b = exactBound(ctx, pi, lag.scale, { deadline: tLag + budget * 0.5, columns });
    if (b === undefined) break;
    passTime = Date.now() - t0Pass;
    bound = Math.max(bound, b);
    opts.onProgress?.(
      "columns",
      `bound ${b.toFixed(6)} in ${(passTime / 1000).toFixed(1)} s, ${columns.length / 2} new unit-rep pairs`,
    );
    if (columns.length === 0) break;
    ctx = withColumns(ctx, columns);
    // Few new columns: the candidates already hold what the prices ask for.
    if (columns.length / 2 < 0.01 * p.n) break;
    lag = lagrangian(ctx, {
      iterations: opts.iterations ?? 60,
      deadline: Math.min(Date.now() + budget * 0.08, tLag + budget * 0.5),
      upper: lag.cost,
      pi: lag.pi,
      start: { assign: lag.assign, cost: lag.cost },
    });
  }
  opts.onProgress?.(
    "lagrangian",
    `${lag.iterations} iterations, restricted dual ${lag.restricted.toFixed(6)}, primal ${lag.cost.toFixed(6)}`,
  );
  // Optimise until the time a final bound pass needs; repairing violations may run on to near the
  // deadline (feasibility first, the bound second).
  const endSearch = deadline - 0.05 * budget;
  // The bound passes end at `boundEnd`, leaving a moment for the independent check of the plan,
  // and need about a pass time after endOptimise.
  const boundEnd = deadline - 0.03 * budget;
  const endOptimise = boundEnd - Math.max(0.03 * budget, 1.5 * passTime);
  let assign: Int32Array = Int32Array.from(lag.assign);
  for (const rule of rules) rule.guard?.repair(assign, ctx.allows);
  // Structural rules (contiguity) can wreck the Lagrangian plan in repair: also grow connected,
  // balanced regions over the unit graph and start from whichever is cheaper.
  if (ctx.guards.length) {
    // Recursive bisection: balanced where power-diagram weights fail (many reps, densities that
    // vary a thousandfold, as with ZIP patches).
    const cuts = bisectionStart(ctx);
    for (const rule of rules) rule.guard?.repair(cuts, ctx.allows);
    const a = searchCost(ctx, assign).cost;
    const cut = searchCost(ctx, cuts);
    const c = cut.cost;
    // Power-diagram regions only when the cuts break a band or the problem is small: each of their
    // iterations costs units x reps (seconds in all at 40,000 ZIPs x 100 reps, where they are never
    // chosen), while over counties they are cheap and often the better start.
    if (withinBands(ctx, cut.loads) && p.n * p.p > POWER_DIAGRAM_PAIRS) {
      opts.onProgress?.(
        "regions",
        `start cost ${c.toFixed(6)} bisected, within every band, vs ${a.toFixed(6)} from prices`,
      );
      if (c < a) assign = cuts;
    } else {
      const regions = regionStart(ctx, opts.seed ?? 1, Date.now() + budget * 0.1);
      for (const rule of rules) rule.guard?.repair(regions, ctx.allows);
      const b = searchCost(ctx, regions).cost;
      opts.onProgress?.(
        "regions",
        `start cost ${b.toFixed(6)} grown, ${c.toFixed(6)} bisected vs ${a.toFixed(6)} from prices`,
      );
      if (b < a && b <= c) assign = regions;
      else if (c < a) assign = cuts;
    }
  }
  const { loads } = searchCost(ctx, assign);
  // First settle loads inside the middle of their bands, then optimise with the true bands.
  const lsDeadline = Date.now() + (endOptimise - Date.now()) * 0.4;
  const inner = { ...ctx, curves: new LoadCurves(p, rules, 0.5) };
  const ls0 = localSearch(inner, assign, loads, { deadline: lsDeadline, seed: opts.seed ?? 1 });
  opts.onProgress?.("settle", `${ls0.moves} moves in ${ls0.sweeps} sweeps`);
  // Relocations for part of the time: the rest goes to ejection chains if violations remain, then to
  // exchanges, which pay far better than late relocation sweeps once loads sit at their band edges.
  const ls = localSearch(ctx, assign, loads, {
    deadline: Date.now() + (endOptimise - Date.now()) * 0.4,
    seed: (opts.seed ?? 1) + 1,
  });
  opts.onProgress?.("local search", `${ls.moves} moves in ${ls.sweeps} sweeps`);
  // Violations the relocations cannot fix (every neighbour full) go to ejection chains, then search again.
  for (let round = 0; round < 20 && Date.now() < endSearch; round++) {
    if (withinBands(ctx, loads)) break;
    const ch = chainRepair(ctx, assign, loads, { deadline: endSearch });
    opts.onProgress?.("ejection chains", `${ch.chains} chains in ${ch.rounds} rounds`);
    if (ch.chains === 0) break;
    localSearch(ctx, assign, loads, {
      deadline: endSearch,
      seed: (opts.seed ?? 1) + 2 + round,
    });
  }
  // Exchanges between reps whose loads sit at their band edges (where single moves stall), then
  // relocations again, while they pay.
  let swapped = 0;
  for (let round = 0; round < 50 && Date.now() < endOptimise; round++) {
    const sw = swapSearch(ctx, assign, loads, { deadline: endOptimise });
    swapped += sw.swaps;
    const relocated = localSearch(ctx, assign, loads, {
      deadline: endOptimise,
      seed: (opts.seed ?? 1) + 50 + round,
      maxSweeps: 5,
    });
    if (sw.swaps === 0 && relocated.converged) break;
  }
  opts.onProgress?.(
    "swaps",
    `${swapped} exchanges, cost ${searchCost(ctx, assign).cost.toFixed(6)}`,
  );
  // Time left before the bound pass goes to kicks and searches from the best plan, also while
  // violations remain (kicks keep a plan only when its penalised cost drops): with contiguity,
  // where ejection chains rarely apply, this is what keeps repairing until the deadline.
  if (Date.now() < endOptimise) {
    const its = iteratedSearch(ctx, assign, {
      deadline: endOptimise,
      seed: (opts.seed ?? 1) + 7,
      stall: {
        kicks: STALL_KICKS,
        seconds: Math.max(STALL_SECONDS, (STALL_SHARE * budget) / 1000),
        kickSeconds: (STALL_KICK_SHARE * budget) / 1000,
        gain: STALL_GAIN,
        ok: (best) => withinBands(ctx, searchCost(ctx, best).loads),
      },
    });
    opts.onProgress?.(
      "kicks",
      `${its.improved} of ${its.kicks} kicks improved${its.stalled ? "; stopped: within every band, improvement stalled" : ""}`,
    );
  }
  const after = searchCost(ctx, assign).cost;
  opts.onProgress?.("search", `cost ${after.toFixed(6)}`);
  // A few more multiplier steps with the better upper estimate, then bound the full problem within
  // the time left (prices of zero give a quick, weaker bound when nothing better is known).
  if (Date.now() < deadline) {
    const more = lagrangian(ctx, {
      iterations: 30,
      deadline: Date.now() + Math.max(0, boundEnd - Date.now() - 1.2 * passTime) * 0.5,
      upper: after,
      pi: lag.pi,
    });
    // Clipped prices first (a quick pass), then the raw ones if time is left; any prices give a valid bound.
    const passes: string[] = [
      `${more.iterations} more iterations, restricted ${more.restricted.toFixed(6)}`,
    ];
    for (const pi of [clipPrices(more.pi, ctx.mA, 0.1), more.pi]) {
      const tPass = Date.now();
      const b = exactBound(ctx, pi, more.scale, { deadline: boundEnd });
      passes.push(
        `${b?.toFixed(6) ?? "out of time"} in ${((Date.now() - tPass) / 1000).toFixed(1)} s`,
      );
      if (b !== undefined) bound = Math.max(bound, b);
    }
    opts.onProgress?.("bound passes", passes.join(", "));
  }
  opts.onProgress?.("bound", `${bound.toFixed(6)}`);
  const check = validatePlan(p, rules, assign);
  return {
    ...base,
    status: check.valid ? "feasible" : "invalid",
    assign,
    objective: check.objective,
    bound,
    gap: relativeGap(check.objective, bound),
    issues: check.issues,
    seconds: seconds(),
  };
}
