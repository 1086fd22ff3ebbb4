import { describe, expect, it } from "vitest";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import { syntheticProblem } from "../synthetic.js";
import { searchContext, searchCost } from "./context.js";
import { localSearch } from "./local.js";
import { iteratedSearch } from "./perturb.js";

describe("iterated search stall rule", () => {
  const p = syntheticProblem({ n: 400, p: 6, seed: 4 });
  const ctx = searchContext(p, [balance(p, [0, 1, 2]), compactness(p)], 6);
  const start = () => {
    const assign = Int32Array.from(p.owner);
    localSearch(ctx, assign, searchCost(ctx, assign).loads, {
      deadline: Date.now() + 2000,
      seed: 1,
    });
    return assign;
  };

  it("stops once the last kicks gained too little and the plan is acceptable, never before the window", () => {
    const assign = start();
    const before = searchCost(ctx, assign).cost;
    const deadline = Date.now() + 5000;
    // Any gain under 100% counts as stalled: the search stops right after the window's 5 kicks.
    const r = iteratedSearch(ctx, assign, {
      deadline,
      seed: 2,
      stall: { kicks: 5, seconds: 0, kickSeconds: 0, gain: 1, ok: () => true },
    });
    expect(r.stalled).toBe(true);
    expect(r.kicks).toBe(5);
    expect(Date.now()).toBeLessThan(deadline);
    expect(r.cost).toBeLessThanOrEqual(before);
    expect(searchCost(ctx, assign).cost).toBeCloseTo(r.cost, 9);
  });

  it("keeps searching to the deadline while the plan is not acceptable or the window not yet long", () => {
    const notOk = iteratedSearch(ctx, start(), {
      deadline: Date.now() + 300,
      seed: 2,
      stall: { kicks: 5, seconds: 0, kickSeconds: 0, gain: 1, ok: () => false },
    });
    expect(notOk.stalled).toBe(false);
    expect(notOk.kicks).toBeGreaterThan(5);
    const short = iteratedSearch(ctx, start(), {
      deadline: Date.now() + 300,
      seed: 2,
      stall: { kicks: 5, seconds: 10, kickSeconds: 0, gain: 1, ok: () => true },
    });
    expect(short.stalled).toBe(false);
  });
});
