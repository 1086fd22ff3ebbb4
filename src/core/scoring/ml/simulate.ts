/**
 * Small categorical tables drawn from known generating models, for the tests and the `smallfit`
 * benchmark of model selection: deals described by a couple of dozen categorical answers (and a
 * numeric one), with a won/lost label. Every generator is a seeded function of its row index
 * stream, so a training table and a large independent test table come from the same model.
 */
import { allocate, cellEncoder } from "./dataset.js";
import { type Ensemble, EnsembleScorer } from "./ensemble.js";
import { labelledRows } from "./folds.js";
import { type FitContext, LEARNERS } from "./learners.js";
import { auc } from "./metrics.js";
import { Rng } from "./rng.js";
import { ScoringData } from "./scorers.js";
import { fitChoice } from "./select.js";
import { tableFromRows } from "./table.js";
import { type Trained, type TrainOptions, trainModel } from "./train.js";

/** A generating model: draws one row's cells and its P(won). */
export interface Generator {
  readonly name: string;
  readonly header: readonly string[];
  draw(rng: Rng): { cells: string[]; p: number };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Index drawn from unnormalised weights. */
function pick(rng: Rng, w: readonly number[]): number {
  let t = 0;
  for (const x of w) t += x;
  let u = rng.next() * t;
  for (let i = 0; i < w.length; i++) {
    u -= w[i] as number;
    if (u < 0) return i;
  }
  return w.length - 1;
}

/** Random distributions over `levels` categories (Dirichlet-like by exponentials). */
function distribution(rng: Rng, levels: number, spread: number): number[] {
  return Array.from({ length: levels }, () => (-Math.log(1 - rng.next())) ** spread);
}

const LEVELS = [2, 3, 3, 4, 4, 5, 6, 8];

/** Answer names of feature j: "q7_a", "q7_b", ... */
const level = (j: number, v: number) => `q${j}_${String.fromCharCode(97 + v)}`;

function header(features: number): string[] {
  return [...Array.from({ length: features }, (_, j) => `q${j}`), "won"];
}

/**
 * Naive Bayes is exactly right: the class is drawn first, then every answer independently from
 * a class-conditional distribution (`informative` answers differ between classes).
 */
export function naiveBayesGenerator(seed: number, features = 24, informative = 8): Generator {
  const rng = new Rng(seed);
  const prior = 0.3 + 0.2 * rng.next();
  const cond = Array.from({ length: features }, (_, j) => {
    const k = LEVELS[j % LEVELS.length] as number;
    const base = distribution(rng, k, 1);
    const other = j < informative ? distribution(rng, k, 1.2) : base;
    return [base, other] as const;
  });
  // Posterior log-odds of a row from the generating distributions.
  const lp = (w: readonly number[], v: number) => {
    let t = 0;
    for (const x of w) t += x;
    return Math.log((w[v] as number) / t);
  };
  return {
    name: `naive Bayes true, ${informative} of ${features} informative`,
    header: header(features),
    draw(r) {
      const y = r.next() < prior ? 1 : 0;
      let z = Math.log(prior / (1 - prior));
      const cells = cond.map(([lost, won], j) => {
        const v = pick(r, y === 1 ? won : lost);
        z += lp(won, v) - lp(lost, v);
        return level(j, v);
      });
      return { cells: [...cells, y === 1 ? "won" : "lost"], p: sigmoid(z) };
    },
  };
}

/**
 * Additive log-odds over answers that are correlated through a hidden segment (so naive Bayes
 * double-counts and a logistic regression is right), plus one skewed numeric column.
 */
export function correlatedGenerator(seed: number, features = 24): Generator {
  const rng = new Rng(seed);
  const segments = 4;
  const byseg = Array.from({ length: features }, (_, j) =>
    Array.from({ length: segments }, () =>
      distribution(rng, LEVELS[j % LEVELS.length] as number, 2),
    ),
  );
  const effect = Array.from({ length: features }, (_, j) =>
    Array.from({ length: LEVELS[j % LEVELS.length] as number }, () =>
      j < 10 ? 0.9 * (rng.next() * 2 - 1) : 0,
    ),
  );
  return {
    name: "correlated, additive",
    header: [...header(features).slice(0, features), "seats", "won"],
    draw(r) {
      const s = r.int(segments);
      let z = -0.6;
      const cells = byseg.map((w, j) => {
        const v = pick(r, w[s] as number[]);
        z += (effect[j] as number[])[v] as number;
        return level(j, v);
      });
      const seats = Math.exp(
        2 + 1.2 * Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(6.283185307 * r.next()),
      );
      z += 0.4 * Math.log(seats) - 0.8;
      const p = sigmoid(z);
      return {
        cells: [...cells, String(Math.round(seats)), r.next() < p ? "won" : "lost"],
        p,
      };
    },
  };
}

/** Log-odds driven by interactions of pairs of answers (and a few main effects). */
export function interactionGenerator(seed: number, features = 24): Generator {
  const rng = new Rng(seed);
  const weights = Array.from({ length: features }, (_, j) =>
    distribution(rng, LEVELS[j % LEVELS.length] as number, 0.5),
  );
  const main = Array.from({ length: features }, (_, j) => (j >= 4 && j < 8 ? 0.6 : 0));
  return {
    name: "interactions",
    header: header(features),
    draw(r) {
      const v = weights.map((w) => pick(r, w));
      const a = (j: number) => (v[j] as number) === 0;
      let z = -0.5;
      z += a(0) === a(1) ? 1.3 : -1.3;
      z += a(2) && a(3) ? 1.6 : 0;
      for (let j = 4; j < 8; j++) z += (main[j] as number) * (a(j) ? 1 : -1);
      const p = sigmoid(z);
      return {
        cells: [...v.map((x, j) => level(j, x)), r.next() < p ? "won" : "lost"],
        p,
      };
    },
  };
}

/** Labels independent of every answer. */
export function noiseGenerator(seed: number, features = 24): Generator {
  const rng = new Rng(seed);
  const weights = Array.from({ length: features }, (_, j) =>
    distribution(rng, LEVELS[j % LEVELS.length] as number, 1),
  );
  const p = 0.25 + 0.3 * rng.next();
  return {
    name: "pure noise",
    header: header(features),
    draw(r) {
      const cells = weights.map((w, j) => level(j, pick(r, w)));
      return { cells: [...cells, r.next() < p ? "won" : "lost"], p };
    },
  };
}

/** `n` rows of a generator with their true probabilities. */
export function drawRows(g: Generator, n: number, seed: number): { rows: string[][]; p: number[] } {
  const rng = new Rng(seed);
  const rows: string[][] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = g.draw(rng);
    rows.push(d.cells);
    p.push(d.p);
  }
  return { rows, p };
}

/** Test AUC of the chosen model and of each learner fitted alone on the same training table. */
export interface SelectionCheck {
  readonly chosen: string;
  readonly reason: string;
  readonly chosenAuc: number;
  /** Learner (and "blend") -> AUC on the test rows when fitted alone on all training rows. */
  readonly aucs: ReadonlyMap<string, number>;
  /** Cross-validated AUC the selection reported for the chosen candidate. */
  readonly cvAuc: number;
  /** AUC of the true probabilities on the test rows (the ceiling). */
  readonly oracle: number;
}

/**
 * Train on `n` rows of a generator, then score `testRows` independent rows: the chosen model
 * and every learner fitted alone (tuned by its own inner cross-validation on all training rows).
 */
export function checkSelection(
  g: Generator,
  n: number,
  testRows: number,
  seed: number,
  options: TrainOptions = {},
): SelectionCheck {
  const train = drawRows(g, n, seed);
  const test = drawRows(g, testRows, seed + 1_000_003);
  const header = [...g.header];
  const t = tableFromRows(header, train.rows, "won", "won");
  const trained = trainModel(t.frame, t.target, { seed, ...options });
  const { model } = trained;
  const ds = allocate(model.features, testRows);
  model.features.forEach((f, j) => {
    const at = header.indexOf(f.column);
    const enc = cellEncoder(f);
    test.rows.forEach((r, i) => {
      enc(r[at] ?? "", i, ds.bins[j] as Uint8Array, ds.values[j] ?? null);
    });
  });
  const y = Int8Array.from(test.rows, (r) => (r[r.length - 1] === "won" ? 1 : 0));
  const testData = new ScoringData(ds);
  const aucOf = (e: Ensemble) =>
    auc(y, new EnsembleScorer(e, testData).probabilities(null, testRows));
  const ctx: FitContext = {
    data: new ScoringData(trained.dataset),
    labels: trainingLabels(trained, t.target.labels),
    seed,
  };
  const rows = labelledRows(ctx.labels);
  const aucs = new Map<string, number>();
  for (const l of LEARNERS) aucs.set(l.name, aucOf(fitChoice(ctx, rows, [l], l.name)));
  const chosen = model.selection.results.find((r) => r.candidate === model.candidate);
  return {
    chosen: model.candidate,
    reason: model.selection.reason ?? "",
    chosenAuc: aucOf(model),
    aucs,
    cvAuc: chosen?.auc ?? Number.NaN,
    oracle: auc(y, test.p),
  };
}

/** Labels of the rows a model was trained on (all rows of these simulated tables). */
function trainingLabels(trained: Trained, labels: Int8Array): Int8Array {
  if (trained.dataset.rows !== labels.length)
    throw new Error("simulated tables have a label on every row");
  return labels;
}
