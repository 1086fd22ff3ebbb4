import { describe, expect, it } from "vitest";
import { computeLoads } from "../problem.js";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import { tolerance } from "../rules/tolerance.js";
import { syntheticProblem } from "../synthetic.js";
import { validatePlan } from "../validate.js";
import { searchContext, searchCost } from "./context.js";
import { localSearch } from "./local.js";

describe("local search bookkeeping", () => {
  it("keeps incremental loads equal to a full recomputation and never raises the cost", () => {
    const p = syntheticProblem({ n: 2000, p: 12, seed: 9 });
    const rules = [
      tolerance(p, 0, 0.05),
      tolerance(p, 2, 0.05),
      balance(p, [0, 1, 2]),
      compactness(p),
    ];
    const ctx = searchContext(p, rules, 6);
    const assign = Int32Array.from(p.owner);
    const { cost: before, loads } = searchCost(ctx, assign);
    localSearch(ctx, assign, loads, { deadline: Date.now() + 5000, seed: 1, maxSweeps: 3 });
    const full = computeLoads(p, assign);
    const mA = ctx.mA;
    for (let r = 0; r < p.p; r++) {
      for (let a = 0; a < mA; a++) {
        const k = ctx.curves.active[a] ?? 0;
        expect(loads[r * mA + a]).toBeCloseTo(full[r * 3 + k] ?? 0, 6);
      }
    }
    const after = searchCost(ctx, assign).cost;
    expect(after).toBeLessThanOrEqual(before);
    // Inside every hard band the search cost is the checker's objective.
    const check = validatePlan(p, rules, assign);
    if (check.valid) expect(after).toBeCloseTo(check.objective, 9);
  });
});
