/**
 * Model selection on small tables: repeated stratified k-fold cross-validation of learners tuned
 * inside each training fold, and a choice that does not chase noise. The simplest learner whose
 * mean fold AUC is within one standard error of the best is chosen (differences paired by fold,
 * so the variation shared by all learners cancels); the blend of all learners is chosen only when
 * it beats the best single learner by more than its standard error. Each candidate's own AUC
 * interval is wider: corrected for the overlap of training folds (Nadeau and Bengio 2003).
 *
 * The error of the choice is that of the cross-validated difference (sd / sqrt(folds x repeats)).
 * On simulated small tables (bench/smallfit) it lost less test AUC than the more cautious
 * corrected error, which kept naive Bayes where a logistic regression was clearly better.
 */
import { fitPlatt, IDENTITY } from "./calibrate.js";
import { PRIOR } from "./cv.js";
import type { Ensemble } from "./ensemble.js";
import { stratifiedFolds, without } from "./folds.js";
import type { FitContext, Learner, TunedFit } from "./learners.js";
import { auc, evaluatePredictions, type Metrics } from "./metrics.js";
import { memberScorer } from "./scorers.js";

/** Name of the candidate averaging every learner. */
export const BLEND = "blend";

/** Per-fold results of a repeated cross-validation. */
export interface RepeatedCv {
  readonly folds: number;
  readonly repeats: number;
  /** Test rows / training rows of a fold (for the corrected standard error). */
  readonly testShare: number;
  /** Candidate -> AUC of each (repeat, fold), in the same order for every candidate. */
  readonly foldAuc: ReadonlyMap<string, Float64Array>;
  /** Candidate -> out-of-fold probabilities of each repeat (rows in `order[repeat]`). */
  readonly oof: ReadonlyMap<string, Float64Array[]>;
  readonly labels: Int8Array[];
  /** Candidate -> the settings each fold's tuning chose. */
  readonly settings: ReadonlyMap<string, string[]>;
}

/** Repetitions of the k-fold split for `rows` labelled rows: more when the table is smaller. */
export function repeatsFor(rows: number): number {
  return Math.max(2, Math.min(4, Math.ceil(1200 / Math.max(1, rows))));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Blend of tuned fits: calibrated logits averaged, recalibrated on their out-of-fold logits. */
export function blendOf(fits: readonly TunedFit[], labels: Int8Array, rows: Int32Array): Ensemble {
  const mean = new Float64Array(rows.length);
  for (const f of fits)
    for (let i = 0; i < mean.length; i++)
      mean[i] = (mean[i] as number) + (f.oof[i] as number) / fits.length;
  const y = Int8Array.from(rows, (r) => labels[r] as number);
  return { members: fits.map((f) => f.member), calibration: fitPlatt(mean, y) };
}

/** Calibrated logits of an ensemble's rows (each member's Platt step, then the ensemble's). */
function ensembleLogits(ctx: FitContext, ens: Ensemble, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  const tmp = new Float64Array(rows.length);
  for (const m of ens.members) {
    memberScorer(m, ctx.data).raw(rows, tmp);
    for (let i = 0; i < rows.length; i++)
      out[i] =
        (out[i] as number) + (m.platt.a * (tmp[i] as number) + m.platt.b) / ens.members.length;
  }
  for (let i = 0; i < rows.length; i++)
    out[i] = ens.calibration.a * (out[i] as number) + ens.calibration.b;
  return out;
}

/**
 * Repeated stratified k-fold cross-validation: in every training fold each learner tunes itself
 * (its own inner cross-validation sees only that fold's rows), then scores the test fold.
 */
export function repeatedCrossValidation(
  ctx: FitContext,
  rows: Int32Array,
  learners: readonly Learner[],
  k: number,
  repeats: number,
  onFold?: () => void,
): RepeatedCv {
  const names = [PRIOR, ...learners.map((l) => l.name), ...(learners.length > 1 ? [BLEND] : [])];
  const foldAuc = new Map(names.map((n) => [n, new Float64Array(k * repeats)]));
  const oof = new Map(names.map((n) => [n, [] as Float64Array[]]));
  const settings = new Map(learners.map((l) => [l.name, [] as string[]]));
  const labels: Int8Array[] = [];
  let testRows = 0;
  for (let rep = 0; rep < repeats; rep++) {
    const folds = stratifiedFolds(ctx.labels, rows, k, ctx.seed + 104_729 * rep);
    const y = new Int8Array(rows.length);
    const preds = new Map(names.map((n) => [n, new Float64Array(rows.length)]));
    let at = 0;
    folds.forEach((test, f) => {
      const train = without(rows, test);
      const foldCtx: FitContext = { ...ctx, seed: ctx.seed + 7919 * (f + 1) + 104_729 * rep };
      const ty = Int8Array.from(test, (r) => ctx.labels[r] as number);
      y.set(ty, at);
      let pos = 0;
      for (const r of train) pos += ctx.labels[r] as number;
      const put = (name: string, p: Float64Array) => {
        (preds.get(name) as Float64Array).set(p, at);
        (foldAuc.get(name) as Float64Array)[rep * k + f] = auc(ty, p);
      };
      put(PRIOR, new Float64Array(test.length).fill(pos / Math.max(1, train.length)));
      const fits: TunedFit[] = [];
      for (const l of learners) {
        const fit = l.tune(foldCtx, train);
        fits.push(fit);
        settings.get(l.name)?.push(fit.settings);
        const z = ensembleLogits(foldCtx, { members: [fit.member], calibration: IDENTITY }, test);
        put(l.name, z.map(sigmoid));
      }
      if (learners.length > 1) {
        const z = ensembleLogits(foldCtx, blendOf(fits, ctx.labels, train), test);
        put(BLEND, z.map(sigmoid));
      }
      testRows += test.length;
      at += test.length;
      onFold?.();
    });
    labels.push(y);
    for (const n of names) oof.get(n)?.push(preds.get(n) as Float64Array);
  }
  const meanTest = testRows / (k * repeats);
  return {
    folds: k,
    repeats,
    testShare: meanTest / Math.max(1, rows.length - meanTest),
    foldAuc,
    oof,
    labels,
    settings,
  };
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / Math.max(1, x.length);
}

/** Mean and corrected standard error of per-fold values (Nadeau-Bengio variance correction). */
function meanSe(x: ArrayLike<number>, testShare: number): { mean: number; se: number } {
  const m = mean(x);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += ((x[i] as number) - m) ** 2;
  v /= Math.max(1, x.length - 1);
  return { mean: m, se: Math.sqrt(v * (1 / Math.max(1, x.length) + testShare)) };
}

/** What the selection says of one candidate. */
export interface CandidateStats {
  readonly candidate: string;
  /** Mean AUC over the folds of every repeat, with a 95% interval. */
  readonly auc: number;
  readonly lo: number;
  readonly hi: number;
  /** Mean AUC of the chosen candidate minus this one's, paired by fold, and its standard error. */
  readonly behind: number;
  readonly behindSe: number;
  /** The settings the folds chose, most common first. */
  readonly settings: string;
  readonly metrics: Metrics;
}

/** The chosen candidate, why, and every candidate's figures (prior baseline first). */
export interface Choice {
  readonly chosen: string;
  readonly reason: string;
  readonly stats: readonly CandidateStats[];
}

function paired(cv: RepeatedCv, a: string, b: string): { mean: number; se: number } {
  const x = cv.foldAuc.get(a) as Float64Array;
  const y = cv.foldAuc.get(b) as Float64Array;
  // The standard error of the cross-validated difference itself (as in the one-standard-error
  // rule of Hastie, Tibshirani and Friedman): how much it would move with other fold splits.
  return meanSe(
    x.map((v, i) => v - (y[i] as number)),
    0,
  );
}

function commonSettings(list: readonly string[] | undefined): string {
  if (!list || list.length === 0) return "";
  const counts = new Map<string, number>();
  for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return sorted.length === 1 ? (sorted[0]?.[0] ?? "") : `mostly ${sorted[0]?.[0]}`;
}

/** Metrics of a candidate's out-of-fold probabilities, averaged over the repeats. */
function pooledMetrics(cv: RepeatedCv, name: string): Metrics {
  const per = (cv.oof.get(name) ?? []).map((p, r) => evaluatePredictions(cv.labels[r] ?? [], p));
  const first = per[0] as Metrics;
  const avg = (f: (m: Metrics) => number) => mean(per.map(f));
  return {
    ...first,
    brier: avg((m) => m.brier),
    logLoss: avg((m) => m.logLoss),
    lift10: avg((m) => m.lift10),
  };
}

const f3 = (x: number) => x.toFixed(3);
/** Differences of AUC this small are ties (rounding). */
const TIE = 1e-9;

/**
 * Choose among the learners of a repeated cross-validation (in `learners` order of complexity):
 * the simplest within one standard error of the best mean AUC; the blend only when it beats the
 * best learner by more than its standard error.
 */
export function chooseByNoise(cv: RepeatedCv, learners: readonly Learner[]): Choice {
  const singles = [...learners].sort((a, b) => a.complexity - b.complexity).map((l) => l.name);
  const meanAuc = (n: string) => mean(cv.foldAuc.get(n) as Float64Array);
  const best = singles.reduce((b, n) => (meanAuc(n) > meanAuc(b) + 1e-12 ? n : b));
  let chosen = best;
  for (const n of singles) {
    const d = paired(cv, best, n);
    if (d.mean <= d.se + TIE) {
      chosen = n;
      break;
    }
  }
  let reason: string;
  if (singles.length === 1) reason = `${best}: the only learner`;
  else if (chosen === best) {
    const rank = (n: string) => singles.indexOf(n);
    const list = (names: string[]) =>
      names
        .map((n) => {
          const d = paired(cv, best, n);
          return `${n} ${f3(d.mean)} +- ${f3(d.se)}`;
        })
        .join(", ");
    const simpler = singles.filter((n) => rank(n) < rank(best));
    const complex = singles.filter((n) => rank(n) > rank(best));
    reason = [
      simpler.length > 0
        ? `${best}: the best mean AUC; the simpler learners are behind by more than the noise (AUC behind +- standard error: ${list(simpler)})`
        : `${best}: the simplest learner and the best mean AUC`,
      complex.length > 0 ? `the more complex ones are not ahead (${list(complex)} behind)` : "",
    ]
      .filter(Boolean)
      .join("; ");
  } else {
    const d = paired(cv, best, chosen);
    reason = `${chosen}: the simplest learner within the noise of the best (${best} is ahead by ${f3(d.mean)} AUC, standard error ${f3(d.se)})`;
  }
  if (cv.foldAuc.has(BLEND)) {
    const d = paired(cv, BLEND, best);
    if (d.mean > d.se + TIE) {
      reason = `blend: beats the best single learner (${best}) by ${f3(d.mean)} AUC, more than its standard error ${f3(d.se)}`;
      chosen = BLEND;
    } else reason += `; the blend does not beat ${best} by more than the noise`;
  }
  const stats = [...cv.foldAuc.keys()].map((name): CandidateStats => {
    const a = meanSe(cv.foldAuc.get(name) as Float64Array, cv.testShare);
    const d = name === chosen ? { mean: 0, se: 0 } : paired(cv, chosen, name);
    const m = pooledMetrics(cv, name);
    const lo = Math.max(0, a.mean - 1.96 * a.se);
    const hi = Math.min(1, a.mean + 1.96 * a.se);
    return {
      candidate: name,
      auc: a.mean,
      lo,
      hi,
      behind: d.mean,
      behindSe: d.se,
      settings: commonSettings(cv.settings.get(name)),
      metrics: { ...m, auc: a.mean, aucLo: lo, aucHi: hi },
    };
  });
  return { chosen, reason, stats };
}

/** Fit the chosen candidate on `rows`: one tuned learner, or every learner blended. */
export function fitChoice(
  ctx: FitContext,
  rows: Int32Array,
  learners: readonly Learner[],
  chosen: string,
): Ensemble {
  if (chosen === BLEND)
    return blendOf(
      learners.map((l) => l.tune(ctx, rows)),
      ctx.labels,
      rows,
    );
  const learner = learners.find((l) => l.name === chosen);
  if (!learner) throw new Error(`no learner named "${chosen}"`);
  return { members: [learner.tune(ctx, rows).member], calibration: IDENTITY };
}
