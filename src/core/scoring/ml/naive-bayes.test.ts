/**
 * Naive Bayes smoothing: per-feature evidence concentrations single out the answers that differ
 * between won and lost, and the leave-one-out choice takes them when a few answers matter among
 * many (where one alpha for every feature lets the noise answers add noise).
 */
import { describe, expect, it } from "vitest";
import { fitPlatt } from "./calibrate.js";
import { labelledRows } from "./folds.js";
import { auc } from "./metrics.js";
import {
  type Counts,
  countBins,
  EVIDENCE_ALPHAS,
  evidenceAlphas,
  fitNaiveBayes,
  naiveBayesScores,
} from "./naive-bayes.js";
import { drawRows, naiveBayesGenerator } from "./simulate.js";
import { tableFromRows } from "./table.js";
import { prepare } from "./train.js";

function table(seed: number, n: number) {
  const g = naiveBayesGenerator(seed, 24, 3);
  const { rows } = drawRows(g, n, seed);
  const t = tableFromRows([...g.header], rows, "won", "won");
  return { ds: prepare(t.frame), labels: t.target.labels, header: g.header };
}

describe("naive Bayes smoothing", () => {
  it("gives answers that do not differ between the classes far larger concentrations than those that do", () => {
    let informative = 0;
    let noise = 0;
    let seen = 0;
    for (const seed of [1, 2, 3, 4]) {
      const { ds, labels } = table(seed, 400);
      const rows = labelledRows(labels);
      const c: Counts = countBins(ds, labels, rows);
      const alphas = evidenceAlphas(c, rows.length);
      ds.features.forEach((f, j) => {
        const q = Number(f.column.slice(1));
        const a = alphas[j] as number;
        if (q < 3) informative += Math.log(a);
        else noise += Math.log(a);
        seen++;
      });
      // Most noise answers get the largest concentration (ignored).
      const ignored = ds.features.filter(
        (f, j) => Number(f.column.slice(1)) >= 3 && alphas[j] === EVIDENCE_ALPHAS.at(-1),
      ).length;
      expect(ignored).toBeGreaterThan(0.6 * (ds.features.length - 3));
    }
    expect(seen).toBeGreaterThan(0);
    // Geometric means: informative answers are smoothed far less.
    expect(informative / 12).toBeLessThan(noise / (seen - 12) - Math.log(10));
  });

  it("chooses evidence smoothing when a few answers matter among many, and ranks better for it", () => {
    let better = 0;
    for (const seed of [1, 2, 3]) {
      // One table: 300 training rows, then 20,000 test rows of the same generating model (the
      // encoding is learnt without labels, so sharing it leaks nothing).
      const { ds, labels } = table(seed, 20_300);
      const all = labelledRows(labels);
      const rows = all.subarray(0, 300);
      const test = all.subarray(300);
      const chosen = fitNaiveBayes(ds, labels, rows).model;
      expect(chosen.evidence).toBe(true);
      const uniform = fitNaiveBayes(ds, labels, rows, { alpha: 1, evidence: false }).model;
      const ty = Int8Array.from(test, (r) => labels[r] as number);
      const score = (m: typeof chosen) => {
        const z = new Float64Array(test.length);
        naiveBayesScores(ds, m, test, z);
        return auc(ty, z);
      };
      if (score(chosen) > score(uniform)) better++;
    }
    expect(better).toBe(3);
  });
});

describe("Platt step", () => {
  it("never turns a ranking around: scores that rank backwards give a constant", () => {
    const z = Float64Array.from({ length: 200 }, (_, i) => i / 200);
    const y = Int8Array.from({ length: 200 }, (_, i) => (i < 100 ? 1 : 0));
    const c = fitPlatt(z, y);
    expect(c.a).toBe(0);
    // The constant is the (smoothed) base rate.
    expect(1 / (1 + Math.exp(-c.b))).toBeCloseTo(0.5, 2);
    const up = fitPlatt(
      z,
      Int8Array.from(y, (v) => 1 - v),
    );
    expect(up.a).toBeGreaterThan(0);
  });
});
