import { describe, expect, it } from "vitest";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import { disruption } from "../rules/disruption.js";
import { tolerance } from "../rules/tolerance.js";
import { syntheticProblem } from "../synthetic.js";
import { searchContext, searchCost, withColumns } from "./context.js";
import { exactBound, lagrangian } from "./lagrange.js";

describe("lagrangian", () => {
  const p = syntheticProblem({ n: 3000, p: 20, seed: 4 });
  const rules = [tolerance(p, 0, 0.05), balance(p, [0, 1, 2]), compactness(p), disruption(p, 1, 0)];
  const ctx = searchContext(p, rules, 5);

  it("prices its primal plans the way a full recomputation does", () => {
    const lag = lagrangian(ctx, {
      iterations: 15,
      deadline: Date.now() + 5000,
      upper: Number.POSITIVE_INFINITY,
    });
    expect(lag.cost).toBeCloseTo(searchCost(ctx, lag.assign).cost, 6);
  });

  it("bounds the full problem no higher than the candidate-restricted dual, and columns only add reps", () => {
    const lag = lagrangian(ctx, {
      iterations: 15,
      deadline: Date.now() + 5000,
      upper: Number.POSITIVE_INFINITY,
    });
    const columns: number[] = [];
    const b = exactBound(ctx, lag.pi, lag.scale, { columns }) ?? Number.NaN;
    // The exact value at the best multipliers cannot beat the restricted value there.
    expect(b).toBeLessThanOrEqual(lag.restricted + 1e-9);
    const wider = withColumns(ctx, columns);
    expect(wider.cands.cand.length).toBe(ctx.cands.cand.length + columns.length / 2);
    // With the winning columns priced exactly (not by their distance lower bound), the bound can only rise.
    const again = exactBound(wider, lag.pi, lag.scale) ?? Number.NaN;
    expect(again).toBeGreaterThanOrEqual(b - 1e-9);
  });

  it("prices reps outside the candidates exactly: the same value as with every rep a candidate", () => {
    const small = syntheticProblem({ n: 400, p: 12, seed: 7 });
    const rs = [
      tolerance(small, 0, 0.05),
      balance(small, [0, 1, 2]),
      compactness(small),
      disruption(small, 1, 0),
    ];
    const narrow = searchContext(small, rs, 2);
    const all = searchContext(small, rs, small.p);
    const lag = lagrangian(narrow, {
      iterations: 20,
      deadline: Date.now() + 5000,
      upper: Number.POSITIVE_INFINITY,
    });
    const a = exactBound(narrow, lag.pi, lag.scale) ?? Number.NaN;
    const b = exactBound(all, lag.pi, lag.scale) ?? Number.NaN;
    expect(a).toBeCloseTo(b, 9);
  });
});
