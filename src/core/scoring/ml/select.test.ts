import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRIOR } from "./cv.js";
import { LEARNERS } from "./learners.js";
import { ScoringData } from "./scorers.js";
import { BLEND, chooseByNoise, type RepeatedCv } from "./select.js";
import {
  checkSelection,
  correlatedGenerator,
  drawRows,
  interactionGenerator,
  naiveBayesGenerator,
  noiseGenerator,
} from "./simulate.js";
import { tableFromRows } from "./table.js";
import { evaluateCandidates, prepare } from "./train.js";

/** A repeated cross-validation with given fold AUCs (5 folds x 2 repeats). */
function cvOf(aucs: Record<string, number[]>): RepeatedCv {
  const n = 40;
  const labels = Int8Array.from({ length: n }, (_, i) => i % 2);
  const p = Float64Array.from({ length: n }, (_, i) => (i % 2) * 0.5 + 0.25);
  return {
    folds: 5,
    repeats: 2,
    testShare: 0.25,
    foldAuc: new Map(Object.entries(aucs).map(([k, v]) => [k, Float64Array.from(v)])),
    oof: new Map(Object.keys(aucs).map((k) => [k, [p, p]])),
    labels: [labels, labels],
    settings: new Map(),
  };
}

const folds = fc.array(fc.double({ min: 0.55, max: 0.9, noNaN: true }), {
  minLength: 10,
  maxLength: 10,
});

describe("noise-aware choice", () => {
  it("among single learners, prefers the simpler within one standard error, and the better one beyond (property)", () => {
    fc.assert(
      fc.property(
        folds,
        fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), {
          minLength: 10,
          maxLength: 10,
        }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (base, jitter, lead) => {
          // gbdt = nb + lead + jitter, per fold; logistic well behind both.
          const gbdt = base.map((b, i) => b + lead + (jitter[i] as number));
          const cv = cvOf({
            [PRIOR]: base.map(() => 0.5),
            nb: base,
            logistic: base.map((b) => b - 0.2),
            gbdt,
          });
          const c = chooseByNoise(cv, LEARNERS);
          const d = gbdt.map((g, i) => g - (base[i] as number));
          const mean = d.reduce((s, x) => s + x, 0) / d.length;
          const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
          const se = sd / Math.sqrt(d.length);
          expect(c.chosen).toBe(mean <= se + 1e-9 ? "nb" : "gbdt");
          expect(c.reason.startsWith(`${c.chosen}: `)).toBe(true);
        },
      ),
    );
  });

  it("does not change its choice when every learner gains the same amount in a fold (property)", () => {
    fc.assert(
      fc.property(folds, folds, folds, (nb, lr, shift) => {
        const base = {
          [PRIOR]: nb.map(() => 0.5),
          nb,
          logistic: lr,
          gbdt: lr.map((x) => x - 0.01),
        };
        const moved = Object.fromEntries(
          Object.entries(base).map(([k, v]) => [
            k,
            v.map((x, i) => x + (shift[i] as number) - 0.7),
          ]),
        );
        expect(chooseByNoise(cvOf(moved), LEARNERS).chosen).toBe(
          chooseByNoise(cvOf(base), LEARNERS).chosen,
        );
      }),
    );
  });

  it("takes the blend unless a single learner beats it by more than twice the corrected noise", () => {
    const nb = [0.7, 0.72, 0.68, 0.71, 0.69, 0.7, 0.73, 0.67, 0.7, 0.71];
    const cv = (gap: number) =>
      cvOf({
        [PRIOR]: nb.map(() => 0.5),
        nb,
        logistic: nb.map((x) => x - 0.05),
        gbdt: nb.map((x) => x - 0.05),
        [BLEND]: nb.map((x, i) => x - gap + (i % 2 ? 0.004 : -0.004)),
      });
    // Differences of +-0.004 around the gap: sd 0.0042, corrected se 0.0042 x sqrt(1/10 + 0.25).
    const se = 0.0042 * Math.sqrt(0.1 + 0.25);
    expect(chooseByNoise(cv(0.001), LEARNERS).chosen).toBe(BLEND);
    expect(chooseByNoise(cv(0.001), LEARNERS).reason).toMatch(/^blend: weights/);
    expect(chooseByNoise(cv(1.5 * se), LEARNERS).chosen).toBe(BLEND);
    expect(chooseByNoise(cv(-0.02), LEARNERS).chosen).toBe(BLEND);
    const behind = chooseByNoise(cv(3 * se), LEARNERS);
    expect(behind.chosen).toBe("nb");
    expect(behind.reason).toMatch(/blend is behind nb/);
  });
});

describe("small-table selection", () => {
  it("keeps pure-noise labels at a cross-validated AUC near 0.5 (penalties chosen inside each fold)", () => {
    // Six tables of noise: each learner's cross-validated AUC scatters around 0.5. A leaky
    // tuning (penalty, smoothing or tree count chosen on the test folds) reads high on average.
    const sums = new Map<string, number[]>();
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const g = noiseGenerator(seed);
      const { rows } = drawRows(g, 300, seed);
      const t = tableFromRows([...g.header], rows, "won", "won");
      const e = evaluateCandidates(new ScoringData(prepare(t.frame)), t.target, { seed: 4 }, 1e9);
      expect(e.repeats).toBeGreaterThan(1);
      for (const s of e.choice?.stats ?? []) {
        expect(Math.abs(s.auc - 0.5), s.candidate).toBeLessThan(0.12);
        sums.set(s.candidate, [...(sums.get(s.candidate) ?? []), s.auc]);
      }
    }
    expect([...sums.keys()]).toEqual([PRIOR, "nb", "logistic", "gbdt", BLEND]);
    for (const [name, aucs] of sums) {
      const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      expect(Math.abs(mean - 0.5), name).toBeLessThan(0.04);
    }
  }, 300_000);

  it("chooses a model within 0.005 AUC of the best learner on data from known models", () => {
    // A few hundred rows each: naive Bayes right, correlated additive, interactions, noise.
    const generators = [
      naiveBayesGenerator(21),
      correlatedGenerator(22),
      interactionGenerator(23),
      noiseGenerator(24),
    ];
    for (const g of generators) {
      const r = checkSelection(g, 300, 60_000, 5);
      const best = Math.max(...r.aucs.values());
      expect(r.chosenAuc, `${g.name}: ${r.reason}`).toBeGreaterThanOrEqual(best - 0.005);
    }
  }, 600_000);
});
