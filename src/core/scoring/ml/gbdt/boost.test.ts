import { describe, expect, it } from "vitest";
import { labelledRows } from "../folds.js";
import { auc, logLoss } from "../metrics.js";
import { memberScorer, ScoringData } from "../scorers.js";
import { tableFromRows } from "../table.js";
import { prepare } from "../train.js";
import { defaultGbdtParams, trainGbdt } from "./boost.js";
import { compileForest, forestSum } from "./forest.js";
import { allRowsMajor } from "./histogram.js";
import { compileTree, leafValueRow } from "./tree.js";

function fitToy(header: string[], rows: string[][], trees = 200) {
  const { frame, target } = tableFromRows(header, rows, "y", "1");
  const ds = prepare(frame);
  const all = labelledRows(target.labels);
  const params = { ...defaultGbdtParams(all.length, 1), maxTrees: trees, subsample: 1 };
  const { model } = trainGbdt(ds, target.labels, all, null, params);
  const data = new ScoringData(ds);
  const scorer = memberScorer({ kind: "gbdt", gbdt: model, platt: { a: 1, b: 0 } }, data);
  const z = new Float64Array(ds.rows);
  scorer.raw(null, z);
  const p = Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
  return { p, y: Array.from(target.labels), model, scorer, ds };
}

describe("gradient-boosted trees", () => {
  it("separates a threshold problem perfectly, with missing values sent the learnt way", () => {
    // y = 1 when x > 50 or x is missing.
    const rows = Array.from({ length: 300 }, (_, i) => {
      const missing = i % 10 === 0;
      const x = (i * 37) % 100;
      return [missing ? "" : String(x), String((i * 13) % 7), missing || x > 50 ? "1" : "0"];
    });
    const { p, y } = fitToy(["x", "noise", "y"], rows);
    expect(auc(y, p)).toBe(1);
    expect(logLoss(y, p)).toBeLessThan(0.05);
    expect(p[0]).toBeGreaterThan(0.9); // row 0 has x missing
  });

  it("splits categories by their effect (LightGBM style), not their order", () => {
    const levels = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const good = new Set(["bravo", "echo", "alpha"]);
    const rows = Array.from({ length: 600 }, (_, i) => {
      const c = levels[(i * 5) % levels.length] as string;
      return [c, good.has(c) ? "1" : "0"];
    });
    const { p, y, model } = fitToy(["segment", "y"], rows, 50);
    expect(auc(y, p)).toBe(1);
    expect(model.trees[0]?.threshold[0]).toBe(-1);
  });

  it("attributions (Saabas) add up to the raw score", () => {
    const rows = Array.from({ length: 400 }, (_, i) => [
      String((i * 31) % 97),
      ["a", "b", "c", "d"][i % 4] as string,
      (i * 31) % 97 > 40 && i % 4 !== 1 ? "1" : "0",
    ]);
    const { scorer, ds, model } = fitToy(["x", "k", "y"], rows, 30);
    // The flat forest (scoring) walks every row to the same leaves as the trees (training).
    const bins = allRowsMajor(ds.bins, ds.rows);
    const forest = compileForest(model.trees);
    const trees = model.trees.map(compileTree);
    const nf = ds.features.length;
    for (let r = 0; r < ds.rows; r++) {
      const each = trees.reduce((s, t) => s + leafValueRow(t, bins, r * nf), 0);
      expect(forestSum(forest, bins, r * nf)).toBeCloseTo(each, 12);
    }
    const z = new Float64Array(ds.rows);
    scorer.raw(null, z);
    const c = new Float64Array(ds.features.length);
    for (const r of [0, 3, 99, 399]) {
      const bias = scorer.contributions(r, c);
      expect(bias + c.reduce((a, b) => a + b, 0)).toBeCloseTo(z[r] as number, 10);
    }
  });
});
