import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitPlatt } from "./calibrate.js";
import { PRIOR } from "./cv.js";
import { LEARNERS } from "./learners.js";
import { evaluatePredictions } from "./metrics.js";
import { Rng } from "./rng.js";
import { ScoringData } from "./scorers.js";
import {
  BLEND,
  baggedStack,
  chooseByNoise,
  fitChoice,
  gridStack,
  noiseStack,
  type RepeatedCv,
  STACK_RULE,
  STACK_RULES,
  stackRule,
} from "./select.js";
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
    blendWeights: [],
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
    expect(chooseByNoise(cv(0.001), LEARNERS).reason).toMatch(
      /^blend: learners weighed inside each training fold by /,
    );
    expect(chooseByNoise(cv(1.5 * se), LEARNERS).chosen).toBe(BLEND);
    expect(chooseByNoise(cv(-0.02), LEARNERS).chosen).toBe(BLEND);
    const behind = chooseByNoise(cv(3 * se), LEARNERS);
    expect(behind.chosen).toBe("nb");
    expect(behind.reason).toMatch(/blend is behind nb/);
  });

  it("fits a chosen blend with the training folds' weights averaged", () => {
    const nb = [0.7, 0.72, 0.68, 0.71, 0.69, 0.7, 0.73, 0.67, 0.7, 0.71];
    const cv: RepeatedCv = {
      ...cvOf({ [PRIOR]: nb.map(() => 0.5), nb, logistic: nb, gbdt: nb, [BLEND]: nb }),
      blendWeights: nb.map((_, i) => (i % 2 ? [0, 1, 0] : [0.2, 0.4, 0.4])),
    };
    const choice = chooseByNoise(cv, LEARNERS);
    expect(choice.chosen).toBe(BLEND);
    expect(choice.blendWeights?.map((w) => Number(w.toFixed(6)))).toEqual([0.1, 0.7, 0.2]);
    // Said of the fit (a trained model's reason), not of the choice (evaluate fits nothing).
    expect(choice.fit).toMatch(/mean weights \(nb 0\.1, logistic 0\.7, gbdt 0\.2\)/);
    expect(choice.reason).not.toMatch(/fitted on all rows/);
    // Fitted with those weights: a learner of weight 0 is left out of the ensemble.
    const g = naiveBayesGenerator(4, 10, 4);
    const t = tableFromRows([...g.header], drawRows(g, 200, 4).rows, "won", "won");
    const ctx = { data: new ScoringData(prepare(t.frame)), labels: t.target.labels, seed: 4 };
    const rows = Int32Array.from({ length: 200 }, (_, i) => i);
    const only = fitChoice(ctx, rows, LEARNERS, BLEND, [0, 1, 0]);
    expect(only.members.map((m) => m.kind)).toEqual(["logistic"]);
    const mixed = fitChoice(ctx, rows, LEARNERS, BLEND, [0.1, 0.7, 0.2]);
    expect(mixed.members.map((m) => m.kind)).toEqual(["nb", "logistic", "gbdt"]);
  });
});

/**
 * Labels and calibrated out-of-fold logits: learner j sees the label's log-odds through noise of
 * size `noise[j]` (Infinity: none of the signal); a `twin` of learner 0 has its scores but for a
 * little noise of its own (two learners the rows cannot tell apart).
 */
function stackInputs(n: number, seed: number, noise: readonly (number | "twin")[]) {
  const rng = new Rng(seed);
  const truth = Float64Array.from({ length: n }, () => 2 * rng.normal());
  const y = Int8Array.from(truth, (t) => (rng.next() < 1 / (1 + Math.exp(-t)) ? 1 : 0));
  const raws: Float64Array[] = [];
  for (const e of noise) {
    const first = raws[0];
    raws.push(
      e === "twin" && first
        ? first.map((z) => z + 0.3 * rng.normal())
        : Float64Array.from(truth, (t) =>
            e === Number.POSITIVE_INFINITY ? rng.normal() : t + (e as number) * rng.normal(),
          ),
    );
  }
  // Calibrated, as the learners hand them over.
  const oof = raws.map((raw) => {
    const c = fitPlatt(raw, y);
    return raw.map((z) => c.a * z + c.b);
  });
  // Four inner folds, as the learners' out-of-fold logits come from.
  const folds = [0, 1, 2, 3].map((f) =>
    Int32Array.from({ length: Math.ceil((n - f) / 4) }, (_, i) => 4 * i + f),
  );
  return { y, oof, folds };
}

/** Log-loss after a Platt step of the logits weighted by `w`. */
function stackLoss(oof: readonly Float64Array[], y: Int8Array, w: readonly number[]): number {
  const z = new Float64Array(y.length);
  oof.forEach((x, j) => {
    for (let i = 0; i < z.length; i++)
      z[i] = (z[i] as number) + (w[j] as number) * (x[i] as number);
  });
  const c = fitPlatt(z, y);
  return evaluatePredictions(
    y,
    z.map((v) => 1 / (1 + Math.exp(-(c.a * v + c.b)))),
  ).logLoss;
}

for (const rule of STACK_RULES) {
  describe(`stack rule ${rule.name} (contract)`, () => {
    it("gives one weight per learner, none negative, summing to 1; a lone learner gets 1", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1000 }),
          fc.integer({ min: 1, max: 3 }),
          (seed, m) => {
            const noise = Array.from(
              { length: m },
              (_, j) => [1, 2, Number.POSITIVE_INFINITY][j] ?? 1,
            );
            const { y, oof, folds } = stackInputs(120, seed, noise);
            const w = rule.weights(oof, y, seed, folds);
            expect(w).toHaveLength(m);
            for (const x of w) expect(x).toBeGreaterThanOrEqual(0);
            expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
            if (m === 1) expect(w).toEqual([1]);
          },
        ),
        { numRuns: 20 },
      );
    });

    it("is reproducible from its seed, and reorders its weights with the learners", () => {
      const { y, oof, folds } = stackInputs(200, 3, [1, 1.5, 2.5]);
      const w = rule.weights(oof, y, 5, folds);
      expect(rule.weights(oof, y, 5, folds)).toEqual(w);
      const back = rule.weights([oof[2], oof[0], oof[1]] as Float64Array[], y, 5, folds);
      expect(back[0]).toBeCloseTo(w[2] as number, 9);
      expect(back[1]).toBeCloseTo(w[0] as number, 9);
      expect(back[2]).toBeCloseTo(w[1] as number, 9);
    });

    it("fits its rows about as well as the best learner alone, or better", () => {
      for (const seed of [1, 2, 3]) {
        const { y, oof, folds } = stackInputs(300, seed, [1, 3, Number.POSITIVE_INFINITY]);
        const alone = Math.min(
          ...oof.map((_, j) =>
            stackLoss(
              oof,
              y,
              oof.map((_, k) => +(k === j)),
            ),
          ),
        );
        expect(stackLoss(oof, y, rule.weights(oof, y, seed, folds))).toBeLessThan(alone + 0.01);
      }
    });
  });
}

describe("stack rules of the small-data path", () => {
  it("stacks by the grid unless another rule is named", () => {
    expect(STACK_RULE).toBe(gridStack);
    expect(stackRule(undefined)).toBe(gridStack);
    expect(stackRule("noise")).toBe(noiseStack);
    expect(() => stackRule("median")).toThrow(
      /unknown stack rule "median": choose from grid, bagged, noise/,
    );
  });

  it("the noise rule weighs each learner by its chance of being the best: about even between learners the folds cannot tell apart, little to one clearly behind", () => {
    // Two learners of the same skill, each with noise of its own: on a given draw one may
    // truly rank these rows better, but over draws neither is favoured and mostly both keep
    // a real share.
    let first = 0;
    let shared = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const same = stackInputs(200, seed, [1, 1]);
      const w = noiseStack.weights(same.oof, same.y, seed, same.folds);
      first += (w[0] as number) / 10;
      if (Math.min(...w) > 0.2) shared++;
      // A learner with none of the signal gets almost nothing.
      const apart = stackInputs(200, seed, [1, Number.POSITIVE_INFINITY]);
      expect(noiseStack.weights(apart.oof, apart.y, seed, apart.folds)[1]).toBeLessThan(0.1);
    }
    expect(first).toBeGreaterThan(0.3);
    expect(first).toBeLessThan(0.7);
    expect(shared).toBeGreaterThanOrEqual(6);
  });

  it("bagging the grid's choice shares the weight between learners the rows cannot tell apart", () => {
    // One draw's grid optimum leans on whichever twin happened to fit these rows; over ten
    // draws, the bagged weights stay nearer an even split than the plain grid's.
    let bagged = 0;
    let grid = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { y, oof, folds } = stackInputs(200, seed, [1, "twin"]);
      bagged += Math.abs((baggedStack.weights(oof, y, seed, folds)[0] as number) - 0.5);
      grid += Math.abs((gridStack.weights(oof, y, seed, folds)[0] as number) - 0.5);
    }
    expect(bagged).toBeLessThan(grid);
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
