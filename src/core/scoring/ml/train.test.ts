import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, cellEncoder } from "./dataset.js";
import { calibrationError, calibrationTable } from "./metrics.js";
import { ModelScorer } from "./predict.js";
import { Rng } from "./rng.js";
import { tableFromRows } from "./table.js";
import { SMALL_ROWS, trainModel } from "./train.js";

/** Rows with a known P(y = 1): a numeric effect, a category effect and missing values. */
function simulate(n: number, seed: number) {
  const rng = new Rng(seed);
  const truth: number[] = [];
  const rows: string[][] = [];
  const kinds = ["north", "south", "east", "west"];
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 4 - 2;
    const k = kinds[rng.int(4)] as string;
    const missing = rng.next() < 0.1;
    const z = 1.5 * (missing ? 0 : x) + (k === "north" ? 1 : k === "west" ? -1 : 0) - 0.3;
    const p = 1 / (1 + Math.exp(-z));
    truth.push(p);
    rows.push([
      missing ? "" : x.toFixed(3),
      k,
      String(rng.int(1000)),
      rng.next() < p ? "yes" : "no",
    ]);
  }
  return { rows, truth };
}

/** Score text rows with a model through the same cell encoders that `paydirt model predict` uses. */
function scoreRows(
  model: ReturnType<typeof trainModel>["model"],
  header: string[],
  rows: string[][],
) {
  const ds = allocate(model.features, rows.length);
  model.features.forEach((f, j) => {
    const at = header.indexOf(f.column);
    const enc = cellEncoder(f);
    rows.forEach((r, i) => {
      enc(at >= 0 ? (r[at] ?? "") : "", i, ds.bins[j] as Uint8Array, ds.values[j] ?? null);
    });
  });
  const scorer = new ModelScorer(model, ds);
  return { scores: Array.from(scorer.scores()), scorer };
}

describe("fit model training", () => {
  it("is calibrated on simulated data with known probabilities", () => {
    const header = ["x", "region", "noise", "y"];
    const train = simulate(2500, 1);
    const table = tableFromRows(header, train.rows, "y");
    const { model } = trainModel(table.frame, table.target, { folds: 3 });
    const test = simulate(3000, 2);
    const { scores } = scoreRows(model, header, test.rows);
    // Calibration against the true probabilities, and closeness to them row by row.
    expect(calibrationError(calibrationTable(test.truth, scores))).toBeLessThan(0.03);
    const mae =
      scores.reduce((s, p, i) => s + Math.abs(p - (test.truth[i] as number)), 0) / scores.length;
    expect(mae).toBeLessThan(0.06);
    // 2,500 rows are above SMALL_ROWS: the holdout path, whose candidates have no naive Bayes.
    expect(train.rows.length).toBeGreaterThan(SMALL_ROWS);
    expect(model.selection.results.map((r) => r.candidate)).toEqual([
      "prior",
      "logistic",
      "gbdt",
      "blend",
    ]);
  });

  it("scores unseen categories as 'other', all-missing columns are dropped, absent columns are missing", () => {
    const header = ["x", "region", "empty", "y"];
    const sim = simulate(600, 3);
    const rows = sim.rows.map((r) => [r[0] as string, r[1] as string, "", r[3] as string]);
    const { frame, target } = tableFromRows(header, rows, "y");
    expect(frame.columns.find((c) => c.name === "empty")).toMatchObject({
      kind: "dropped",
      reason: "no values",
    });
    const { model } = trainModel(frame, target, { learners: ["gbdt"] });
    const { scores, scorer } = scoreRows(
      model,
      ["x", "region"],
      [
        ["1.0", "atlantis"],
        ["1.0", ""],
        ["", "north"],
      ],
    );
    for (const s of scores) expect(s).toBeGreaterThan(0);
    for (const s of scores) expect(s).toBeLessThan(1);
    const why = scorer.explain(0, 3);
    expect(why.score).toBeCloseTo(scores[0] as number, 10);
    const region = [...why.up, ...why.down].find((r) => r.column === "region");
    if (region) expect(region.value).toBe("(other)");
  });

  it("gives the same scores whatever the column order and names (property)", () => {
    const base = simulate(400, 4);
    const header = ["x", "region", "noise", "y"];
    const ref = tableFromRows(header, base.rows, "y");
    const reference = trainModel(ref.frame, ref.target, { folds: 2 });
    const probe = simulate(50, 5).rows;
    const expected = scoreRows(reference.model, header, probe).scores;
    fc.assert(
      fc.property(
        fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 3, maxLength: 3 }),
        (order, names) => {
          fc.pre(new Set(names).size === 3 && !names.includes("y"));
          const h = [...order.map((j) => names[j] as string), "y"];
          const rows = base.rows.map((r) => [...order.map((j) => r[j] as string), r[3] as string]);
          const t = tableFromRows(h, rows, "y");
          const { model } = trainModel(t.frame, t.target, { folds: 2 });
          const p = probe.map((r) => [...order.map((j) => r[j] as string), ""]);
          expect(scoreRows(model, h, p).scores).toEqual(expected);
        },
      ),
      { numRuns: 4 },
    );
  });
});
