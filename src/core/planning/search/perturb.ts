import { Rng } from "../ctdp/rng.js";
import type { SearchContext } from "./context.js";
import { searchCost } from "./context.js";
import { localSearch } from "./local.js";

/**
 * When an iterated search may stop before its deadline: over the last `kicks` kicks, and at least
 * the last `seconds`, the best cost dropped by under `gain` (relative), those kicks took at least
 * `kickSeconds` each on average, and `ok` holds for the best plan (e.g. within every band). Cheap
 * kicks (thousands per run) improve in bursts and keep searching; dear ones (each a noticeable
 * share of the budget, as over 40,000 ZIPs) stop once a window of them pays too little.
 */
export interface StallRule {
  readonly kicks: number;
  readonly seconds: number;
  readonly kickSeconds: number;
  readonly gain: number;
  readonly ok: (best: Int32Array) => boolean;
}

/**
 * Iterated local search for the time left: kick a copy of the best plan (a few units moved to
 * another candidate rep, guards respected), search again, keep it when the cost drops; with a
 * stall rule, stop early once the recent improvement is too small to pay for the time.
 */
export function iteratedSearch(
  ctx: SearchContext,
  best: Int32Array,
  opts: { deadline: number; seed: number; share?: number; stall?: StallRule },
): { kicks: number; improved: number; cost: number; stalled: boolean } {
  const { p, guards } = ctx;
  const { start, cand } = ctx.cands;
  const rng = new Rng(opts.seed);
  let bestCost = searchCost(ctx, best).cost;
  let kicks = 0;
  let improved = 0;
  const moves = Math.max(1, Math.round(p.n * (opts.share ?? 0.02)));
  // The best cost after each kick (kick, time, cost), oldest first, for the stall rule's window.
  const history: { kick: number; t: number; cost: number }[] = [
    { kick: 0, t: Date.now(), cost: bestCost },
  ];
  while (Date.now() < opts.deadline) {
    kicks++;
    const trial = Int32Array.from(best);
    for (const g of guards) g.sync?.(trial);
    for (let i = 0; i < moves; i++) {
      const u = rng.int(p.n);
      const len = (start[u + 1] ?? 0) - (start[u] ?? 0);
      if (len < 2) continue;
      const b = cand[(start[u] ?? 0) + rng.int(len)] ?? 0;
      const a = trial[u] ?? 0;
      if (b === a || !guards.every((g) => g.canMove(u, a, b, trial))) continue;
      trial[u] = b;
      for (const g of guards) g.moved?.(u, a, b, trial);
    }
    const { loads } = searchCost(ctx, trial);
    const ls = localSearch(ctx, trial, loads, { deadline: opts.deadline, seed: rng.u32() });
    const cost = searchCost(ctx, trial).cost;
    if (cost < bestCost - 1e-12) {
      bestCost = cost;
      best.set(trial);
      for (const g of guards) g.sync?.(best);
      improved++;
    }
    if (!ls.converged) break;
    const stall = opts.stall;
    if (stall) {
      const now = Date.now();
      const from = now - stall.seconds * 1000;
      const long = (h: { kick: number; t: number } | undefined) =>
        h !== undefined && h.t <= from && h.kick <= kicks - stall.kicks;
      // The window's start: the last record long enough ago (none yet: keep searching).
      while (history.length > 1 && long(history[1])) history.shift();
      const then = history[0];
      const dear = then && now - then.t >= stall.kickSeconds * 1000 * (kicks - then.kick);
      if (
        then &&
        long(then) &&
        dear &&
        then.cost - bestCost < stall.gain * then.cost &&
        stall.ok(best)
      )
        return { kicks, improved, cost: bestCost, stalled: true };
      history.push({ kick: kicks, t: now, cost: bestCost });
    }
  }
  return { kicks, improved, cost: bestCost, stalled: false };
}
