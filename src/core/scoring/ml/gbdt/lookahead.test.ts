import { describe, expect, it } from "vitest";
import { labelledRows, stratifiedFolds } from "../folds.js";
import { auc } from "../metrics.js";
import { Rng } from "../rng.js";
import { memberScorer, ScoringData } from "../scorers.js";
import { tableFromRows } from "../table.js";
import { prepare } from "../train.js";
import { trainGbdt } from "./boost.js";
import { buildHistogram, STRIDE } from "./histogram.js";
import { type LookaheadInput, lookaheadRoot } from "./lookahead.js";
import {
  bestCategoricalSplit,
  bestNumericSplit,
  emptySplit,
  type Split,
  type SplitRules,
} from "./split.js";

const RULES: SplitRules = {
  lambda: 1,
  minLeafRows: 5,
  minLeafHessian: 1e-3,
  catLambda: 2,
  catSmooth: 5,
  maxCatLeft: 16,
  minCatRows: 5,
};

/** A random node: `nf` features of `nbins` bins each (bin 0 missing), random gradients. */
function randomNode(seed: number, n: number, nbins: number[], categorical: number[]) {
  const rng = new Rng(seed);
  const nf = nbins.length;
  const bins = new Uint8Array(n * nf);
  for (let r = 0; r < n; r++)
    for (let f = 0; f < nf; f++) bins[r * nf + f] = rng.int(nbins[f] as number);
  // Gradients with an interaction of features 0 and 1 and noise, so the best root is not obvious.
  const grad = Float64Array.from({ length: n }, (_, r) => {
    const a = (bins[r * nf] as number) % 2;
    const b = (bins[r * nf + 1] as number) % 2;
    return (a === b ? -0.3 : 0.3) + 0.6 * (rng.next() - 0.5);
  });
  const hess = Float64Array.from({ length: n }, () => 0.1 + 0.15 * rng.next());
  const input: LookaheadInput = {
    bins,
    features: nf,
    nbins: Int32Array.from(nbins),
    categorical: Uint8Array.from(categorical),
    grad,
    hess,
    idx: Int32Array.from({ length: n }, (_, i) => i),
    rules: RULES,
    maxDepth: 2,
  };
  return input;
}

function histOf(input: LookaheadInput, rows: Int32Array): Float64Array {
  const h = new Float64Array(input.features * STRIDE);
  buildHistogram(input.bins, input.features, input.grad, input.hess, rows, 0, rows.length, h);
  return h;
}

function greedy(input: LookaheadInput, hist: Float64Array, rows: Int32Array): Split {
  const s = emptySplit();
  let g = 0;
  let h = 0;
  for (const r of rows) {
    g += input.grad[r] as number;
    h += input.hess[r] as number;
  }
  if (rows.length < 2 * RULES.minLeafRows) return s;
  for (let f = 0; f < input.features; f++) {
    const nb = input.nbins[f] as number;
    if (input.categorical[f]) bestCategoricalSplit(hist, f, nb, g, h, rows.length, RULES, s);
    else bestNumericSplit(hist, f, nb, g, h, rows.length, RULES, s);
  }
  return s;
}

/**
 * Gain of a root split plus its children's best (greedy) gains, computed from the rows
 * themselves: the quantity the lookahead maximises, by a route that shares none of its code.
 */
function total(input: LookaheadInput, feature: number, goesLeft: (bin: number) => boolean) {
  const all = input.idx;
  const nf = input.features;
  const left = all.filter((r) => goesLeft(input.bins[r * nf + feature] as number));
  const right = all.filter((r) => !goesLeft(input.bins[r * nf + feature] as number));
  if (left.length < RULES.minLeafRows || right.length < RULES.minLeafRows) return null;
  const sum = (rows: Int32Array, a: Float64Array) => rows.reduce((s, r) => s + (a[r] as number), 0);
  const lambda = input.categorical[feature] ? RULES.lambda + RULES.catLambda : RULES.lambda;
  const sc = (rows: Int32Array) => sum(rows, input.grad) ** 2 / (sum(rows, input.hess) + lambda);
  const own = sc(left) + sc(right) - sc(all);
  const child = (rows: Int32Array) => {
    const s = greedy(input, histOf(input, rows), rows);
    return s.feature >= 0 ? s.gain : 0;
  };
  return own + child(left) + child(right);
}

const splitSide = (s: Split) => (bin: number) =>
  s.threshold < 0 ? s.cats.includes(bin) : bin === 0 ? s.missingLeft : bin <= s.threshold;

describe("lookahead root split", () => {
  it("finds the root of largest total gain over every split of two-valued answers, never less than the greedy root's", () => {
    for (let seed = 1; seed <= 12; seed++) {
      // Categorical answers of two values (bins: missing, other, two levels; the first two
      // empty) and one numeric column of few values: every root split is a candidate.
      const nbins = [4, 4, 4, 4, 6];
      const categorical = [1, 1, 1, 1, 0];
      const input = randomNode(seed, 160, nbins, categorical);
      // Only bins 2 and 3 of the categorical answers hold rows.
      const nf = nbins.length;
      for (let r = 0; r < 160; r++)
        for (let f = 0; f < 4; f++)
          input.bins[r * nf + f] = 2 + ((input.bins[r * nf + f] as number) % 2);
      const rows = input.idx;
      const hist = histOf(input, rows);
      const g = input.grad.reduce((s, v) => s + v, 0);
      const h = input.hess.reduce((s, v) => s + v, 0);
      const greedyRoot = greedy(input, hist, rows);
      const chosen = lookaheadRoot(input, hist, g, h, greedyRoot);
      const got = total(input, chosen.feature, splitSide(chosen));
      expect(got).not.toBeNull();
      // Brute force: every split of every feature (numeric: every threshold, missing either side).
      let best = Number.NEGATIVE_INFINITY;
      for (let f = 0; f < 4; f++) best = Math.max(best, total(input, f, (b) => b === 2) ?? best);
      for (let t = 1; t < 5; t++) {
        best = Math.max(best, total(input, 4, (b) => b >= 1 && b <= t) ?? best);
        best = Math.max(best, total(input, 4, (b) => b <= t) ?? best);
      }
      expect(got as number).toBeCloseTo(best, 9);
      const greedyTotal = total(input, greedyRoot.feature, splitSide(greedyRoot)) as number;
      expect(got as number).toBeGreaterThanOrEqual(greedyTotal - 1e-9);
      // The split it returns is consistent: its left sums are those of the rows it sends left.
      const left = rows.filter((r) =>
        splitSide(chosen)(input.bins[r * nf + chosen.feature] as number),
      );
      expect(chosen.nl).toBe(left.length);
      expect(chosen.gl).toBeCloseTo(
        left.reduce((s, r) => s + (input.grad[r] as number), 0),
        9,
      );
    }
  });

  it("is never worse than the greedy root on answers of many values, between screens too", () => {
    for (let seed = 20; seed <= 27; seed++) {
      const nbins = [7, 5, 9, 4, 30, 8];
      const categorical = [1, 1, 1, 1, 0, 0];
      const input = randomNode(seed, 200, nbins, categorical);
      const rows = input.idx;
      const hist = histOf(input, rows);
      const g = input.grad.reduce((s, v) => s + v, 0);
      const h = input.hess.reduce((s, v) => s + v, 0);
      const greedyRoot = greedy(input, hist, rows);
      const greedyTotal = total(input, greedyRoot.feature, splitSide(greedyRoot)) as number;
      const totals = new Float64Array(nbins.length);
      const full = lookaheadRoot(input, hist, g, h, greedyRoot, { only: null, totals });
      expect(total(input, full.feature, splitSide(full)) as number).toBeGreaterThanOrEqual(
        greedyTotal - 1e-9,
      );
      // The screen's totals: the chosen root's feature has the largest.
      expect(Math.max(...totals)).toBe(totals[full.feature]);
      // A screened tree looking at one feature only still competes with the greedy root.
      const only = new Uint8Array(nbins.length);
      only[nbins.length - 1] = 1;
      const narrow = lookaheadRoot(input, hist, g, h, greedyRoot, { only, totals: null });
      expect(total(input, narrow.feature, splitSide(narrow)) as number).toBeGreaterThanOrEqual(
        greedyTotal - 1e-9,
      );
    }
  });

  it("sends missing values of a numeric column that had none to the bigger side, as the greedy split does", () => {
    for (const cut of [1, 3]) {
      const input = randomNode(40 + cut, 200, [6, 4], [0, 1]);
      const nf = 2;
      for (let r = 0; r < 200; r++) {
        // Numeric bins 1..4 only (no missing); the rate changes after bin `cut`.
        const b = 1 + (r % 4);
        input.bins[r * nf] = b;
        input.grad[r] = (b <= cut ? -0.4 : 0.4) + 0.1 * ((r % 7) / 7 - 0.5);
      }
      const hist = histOf(input, input.idx);
      const g = input.grad.reduce((s, v) => s + v, 0);
      const h = input.hess.reduce((s, v) => s + v, 0);
      const chosen = lookaheadRoot(input, hist, g, h, greedy(input, hist, input.idx));
      expect(chosen.feature).toBe(0);
      expect(chosen.missingLeft).toBe(chosen.nl >= 200 - chosen.nl);
    }
  });

  it("lets shallow boosting learn answers that only matter together (won when both or neither)", () => {
    // Two answers whose effects cancel alone (an exclusive or), plus answers of no effect: a
    // greedy depth-2 tree sees no gain at its root for either, one step of lookahead does.
    const rng = new Rng(5);
    const rows = Array.from({ length: 400 }, () => {
      // Two answers of two equally likely values: alone, each leaves the rate at one half.
      const v = Array.from(
        { length: 16 },
        (_, j) => ["a", "b", "c"][rng.int(j < 2 ? 2 : 3)] as string,
      );
      const both = (v[0] === "a") === (v[1] === "a");
      return [...v, rng.next() < (both ? 0.8 : 0.2) ? "1" : "0"];
    });
    const header = [...Array.from({ length: 16 }, (_, j) => `q${j}`), "y"];
    const { frame, target } = tableFromRows(header, rows, "y", "1");
    const ds = prepare(frame);
    const all = labelledRows(target.labels);
    const folds = stratifiedFolds(target.labels, all, 4, 1);
    const test = folds[0] as Int32Array;
    const train = all.filter((r) => !test.includes(r));
    const testAuc = (lookahead: boolean) => {
      const params = {
        learningRate: 0.1,
        maxTrees: 60,
        maxLeaves: 4,
        maxDepth: 2,
        subsample: 1,
        patience: 60,
        rules: { ...RULES, minLeafRows: 20, minCatRows: 20 },
        seed: 1,
        lookahead,
      };
      const { model } = trainGbdt(ds, target.labels, train, null, params);
      const z = new Float64Array(test.length);
      memberScorer({ kind: "gbdt", gbdt: model, platt: { a: 1, b: 0 } }, new ScoringData(ds)).raw(
        test,
        z,
      );
      return auc(
        Array.from(test, (r) => target.labels[r] as number),
        Array.from(z),
      );
    };
    const withLook = testAuc(true);
    const greedyOnly = testAuc(false);
    // The truth ranks at 0.8 here (a rate of 0.8 or 0.2 in halves of the rows); greedy trees
    // pick up at most a sliver of it.
    expect(withLook).toBeGreaterThan(0.75);
    expect(withLook).toBeGreaterThan(greedyOnly + 0.05);
  });
});
