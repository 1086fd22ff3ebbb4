import { describe, expect, it } from "vitest";
import { labelledRows } from "./folds.js";
import { fitLogistic, linearScores, logisticExplainer, scaledColumns } from "./logistic.js";
import { tableFromRows } from "./table.js";
import { prepare } from "./train.js";

describe("logistic regression", () => {
  it("reaches the known optimum: group rates of a single category with a tiny penalty", () => {
    // Group a: 30 won of 40; group b: 10 won of 40. The maximum-likelihood fit predicts 0.75 and 0.25.
    const rows: string[][] = [];
    for (let i = 0; i < 40; i++) rows.push(["a", i < 30 ? "won" : "lost"]);
    for (let i = 0; i < 40; i++) rows.push(["b", i < 10 ? "won" : "lost"]);
    const { frame, target } = tableFromRows(["group", "y"], rows, "y", "won");
    const ds = prepare(frame);
    const cols = scaledColumns(ds);
    const all = labelledRows(target.labels);
    const m = fitLogistic(ds, cols, target.labels, all, 1e-8, undefined, 500);
    const z = new Float64Array(ds.rows);
    linearScores(ds, cols, m.coef, null, z);
    expect(1 / (1 + Math.exp(-(z[0] as number)))).toBeCloseTo(0.75, 4);
    expect(1 / (1 + Math.exp(-(z[79] as number)))).toBeCloseTo(0.25, 4);
  });

  it("matches the closed-form optimum of one centred binary input with an L2 penalty", () => {
    // x = +-1 (balanced), y = 1 on 3/4 of x = +1 and 1/4 of x = -1: the intercept is 0 by symmetry
    // and the slope w solves sigmoid(w) - 3/4 + lambda * w / (x scale)^2 = 0 (checked by bisection).
    const rows: string[][] = [];
    for (let i = 0; i < 400; i++) {
      const pos = i % 2 === 0;
      rows.push([pos ? "1.0" : "-1.0", (pos ? i % 8 !== 0 : i % 8 === 1) ? "won" : "lost"]);
    }
    const { frame, target } = tableFromRows(["x", "y"], rows, "y", "won");
    const ds = prepare(frame);
    const cols = scaledColumns(ds);
    const lambda = 0.05;
    const m = fitLogistic(
      ds,
      cols,
      target.labels,
      labelledRows(target.labels),
      lambda,
      undefined,
      500,
    );
    // Scaled input is exactly +-1 here (mean 0, sd 1), so the gradient condition is in w directly.
    let lo = 0;
    let hi = 5;
    for (let k = 0; k < 200; k++) {
      const w = (lo + hi) / 2;
      const g = 1 / (1 + Math.exp(-w)) - 0.75 + lambda * w;
      if (g > 0) hi = w;
      else lo = w;
    }
    expect(m.coef[0]).toBeCloseTo(0, 5);
    expect(m.coef[1]).toBeCloseTo(lo, 4);
  });

  it("explains a score exactly: bias plus contributions equals the linear score", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      String((i * 7) % 13),
      ["a", "b", "c"][i % 3] as string,
      i % 5 === 0 ? "" : String(i % 4),
      i % 3 === 0 || i % 7 === 0 ? "y" : "n",
    ]);
    const { frame, target } = tableFromRows(["u", "v", "w", "t"], rows, "t", "y");
    const ds = prepare(frame);
    const cols = scaledColumns(ds);
    const m = fitLogistic(ds, cols, target.labels, labelledRows(target.labels), 0.01);
    const z = new Float64Array(ds.rows);
    linearScores(ds, cols, m.coef, null, z);
    const c = new Float64Array(ds.features.length);
    for (const r of [0, 5, 17, 199]) {
      const bias = logisticExplainer(ds, m)(cols, r, c);
      expect(bias + c.reduce((a, b) => a + b, 0)).toBeCloseTo(z[r] as number, 10);
    }
  });
});
