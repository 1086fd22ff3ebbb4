/**
 * Categorical naive Bayes over the byte bins of a dataset: each feature adds the log-ratio
 * log P(bin | won) / P(bin | lost) of the row's bin to the prior log-odds. Numeric features are
 * grouped into a few equal-count bins of the training rows (missing is a bin of its own).
 *
 * Class-conditional frequencies are smoothed toward the feature's overall bin frequency
 * (an m-estimate): P(b | y) = (n_by + alpha * p_b) / (N_y + alpha). With alpha large the
 * log-ratios shrink to 0 (the feature is ignored), so alpha also counters the double counting of
 * correlated features. Alpha is either one value for every feature or, per feature, the
 * concentration its own class-conditional counts are most probable under (a Dirichlet evidence,
 * after the hierarchical priors of Petitjean et al. 2018) times a scale: answers that do not
 * differ between won and lost then add no noise, which one alpha for all cannot do when a few
 * answers matter among many. The smoothing is chosen on the training rows by exact leave-one-out
 * (counts minus the row itself), scored by the log-loss after a Platt step.
 *
 * Written by hand: a few dozen lines of counting, and no maintained JS library does it on bins.
 */

import { lgamma } from "../../analytics/special.js";
import { fitPlatt, type Platt } from "./calibrate.js";
import type { Dataset } from "./dataset.js";
import { binCount } from "./features.js";
import { logitLoss } from "./metrics.js";

/** A fitted naive Bayes: raw score = base + sum_j weights[j][bin of row in feature j]. */
export interface NaiveBayesModel {
  /** The smoothing: one alpha for every feature, or (with `evidence`) the scale of theirs. */
  readonly alpha: number;
  /** Alpha per feature is its evidence concentration times `alpha`. */
  readonly evidence?: boolean;
  readonly base: number;
  /** Per feature, the log-ratio of each of its bins (0 for bins never seen in training). */
  readonly weights: readonly (readonly number[])[];
  /** Per feature, the mean weight over the training rows (for centred explanations). */
  readonly mean: readonly number[];
}

/** Smoothing strengths tried (in units of pseudo-rows drawn from the overall bin frequency). */
export const NB_ALPHAS = [0.5, 1, 2, 4, 8, 16, 32, 64];
/** Scales of the per-feature evidence concentrations tried. */
export const EVIDENCE_SCALES = [0.25, 0.5, 1, 2, 4];

/** How a naive Bayes smooths: one alpha for all features, or their evidence times a scale. */
export interface Smoothing {
  readonly alpha: number;
  readonly evidence: boolean;
}

/** Every smoothing the leave-one-out choice tries. */
export const SMOOTHINGS: readonly Smoothing[] = [
  ...NB_ALPHAS.map((alpha) => ({ alpha, evidence: false })),
  ...EVIDENCE_SCALES.map((alpha) => ({ alpha, evidence: true })),
];

/** A smoothing as settings: "smoothing 4" or "evidence smoothing x0.5". */
export function smoothingName(s: Smoothing): string {
  return s.evidence ? `evidence smoothing x${s.alpha}` : `smoothing ${s.alpha}`;
}

/**
 * Groups of a numeric feature's bins with about equal training counts: returns a map from bin to
 * group (missing, bin 0, stays 0). Categorical features keep their bins.
 */
export function groupBins(
  ds: Dataset,
  j: number,
  rows: Int32Array,
  groups: number,
): Uint8Array | null {
  const f = ds.features[j];
  if (f?.kind !== "numeric") return null;
  const nb = binCount(f);
  const counts = new Float64Array(nb);
  const b = ds.bins[j] as Uint8Array;
  let present = 0;
  for (const r of rows) {
    const v = b[r] as number;
    counts[v] = (counts[v] as number) + 1;
    if (v !== 0) present++;
  }
  const map = new Uint8Array(nb);
  const per = present / Math.max(1, groups);
  let g = 1;
  let acc = 0;
  for (let v = 1; v < nb; v++) {
    map[v] = g;
    acc += counts[v] as number;
    if (acc >= per * g && g < groups) g++;
  }
  return map;
}

/** Equal-count groups per numeric feature for `n` training rows: about n / 40, from 2 to 10. */
export function numericGroups(n: number): number {
  return Math.max(2, Math.min(10, Math.round(n / 40)));
}

export interface Counts {
  /** Per feature: the (grouped) bin of each training row, row-major by feature. */
  readonly code: Uint8Array[];
  /** Per feature: counts by group and class, [g * 2 + y]. */
  readonly n: Float64Array[];
  readonly size: number[];
  readonly pos: number;
  readonly neg: number;
  readonly maps: (Uint8Array | null)[];
}

/** Class counts of every feature's (grouped) bins over `rows`. */
export function countBins(ds: Dataset, labels: Int8Array, rows: Int32Array): Counts {
  const groups = numericGroups(rows.length);
  const code: Uint8Array[] = [];
  const n: Float64Array[] = [];
  const size: number[] = [];
  const maps: (Uint8Array | null)[] = [];
  let pos = 0;
  for (const r of rows) pos += labels[r] as number;
  ds.features.forEach((f, j) => {
    const map = groupBins(ds, j, rows, groups);
    maps.push(map);
    const k = map ? groups + 1 : binCount(f);
    const b = ds.bins[j] as Uint8Array;
    const c = new Uint8Array(rows.length);
    const t = new Float64Array(2 * k);
    rows.forEach((r, i) => {
      const v = map ? (map[b[r] as number] as number) : (b[r] as number);
      c[i] = v;
      const q = 2 * v + (labels[r] as number);
      t[q] = (t[q] as number) + 1;
    });
    code.push(c);
    n.push(t);
    size.push(k);
  });
  return { code, n, size, pos, neg: rows.length - pos, maps };
}

/** Log-ratio of a group with counts (n0, n1) out of (N0, N1), smoothed toward its share p. */
function ratio(n0: number, n1: number, N0: number, N1: number, p: number, alpha: number): number {
  return Math.log((n1 + alpha * p) / (N1 + alpha)) - Math.log((n0 + alpha * p) / (N0 + alpha));
}

/** Concentrations tried per feature by its evidence; the last is as good as "ignore it". */
export const EVIDENCE_ALPHAS = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 1e5];

/**
 * Per feature, the concentration of the Dirichlet prior (centred on the feature's overall bin
 * frequencies) under which its class-conditional counts are most probable: the type-II maximum
 * likelihood of a Dirichlet-multinomial per class. A feature whose bins are spread alike in both
 * classes gets a huge concentration (its log-ratios shrink to 0), one that separates the classes
 * a small one, so noise answers stop adding noise without any label being scored twice.
 */
export function evidenceAlphas(c: Counts, m: number): number[] {
  return c.n.map((t, j) => {
    const k = c.size[j] as number;
    let best = EVIDENCE_ALPHAS[0] as number;
    let bestLl = Number.NEGATIVE_INFINITY;
    for (const a of EVIDENCE_ALPHAS) {
      let ll = 0;
      for (let y = 0; y < 2; y++) {
        const N = y === 1 ? c.pos : c.neg;
        ll += lgamma(a) - lgamma(N + a);
        for (let v = 0; v < k; v++) {
          const nv = (t[2 * v] as number) + (t[2 * v + 1] as number);
          if (nv <= 0) continue;
          const ap = (a * nv) / m;
          ll += lgamma((t[2 * v + y] as number) + ap) - lgamma(ap);
        }
      }
      if (ll > bestLl + 1e-9) {
        bestLl = ll;
        best = a;
      }
    }
    return best;
  });
}

/** Exact leave-one-out raw scores of every training row for per-feature alphas. */
function leaveOneOut(
  c: Counts,
  labels: Int8Array,
  rows: Int32Array,
  alphas: readonly number[],
): Float64Array {
  const m = rows.length;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const y = labels[rows[i] as number] as number;
    const N1 = c.pos - y;
    const N0 = c.neg - (1 - y);
    out[i] = Math.log(Math.max(N1, 0.5) / Math.max(N0, 0.5));
  }
  for (let j = 0; j < c.code.length; j++) {
    const code = c.code[j] as Uint8Array;
    const t = c.n[j] as Float64Array;
    for (let i = 0; i < m; i++) {
      const y = labels[rows[i] as number] as number;
      const g = code[i] as number;
      const n0 = (t[2 * g] as number) - (1 - y);
      const n1 = (t[2 * g + 1] as number) - y;
      if (n0 + n1 <= 0) continue;
      const N1 = c.pos - y;
      const N0 = c.neg - (1 - y);
      out[i] = (out[i] as number) + ratio(n0, n1, N0, N1, (n0 + n1) / (m - 1), alphas[j] as number);
    }
  }
  return out;
}

function plattLoss(z: Float64Array, y: Int8Array, platt: Platt): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const f = platt.a * (z[i] as number) + platt.b;
    s += logitLoss(f, y[i] as number);
  }
  return s / Math.max(1, z.length);
}

/** The model for one alpha from the counts. */
function build(
  ds: Dataset,
  c: Counts,
  smoothing: Smoothing,
  alphas: readonly number[],
  m: number,
): NaiveBayesModel {
  const weights: number[][] = [];
  const mean: number[] = [];
  ds.features.forEach((f, j) => {
    const t = c.n[j] as Float64Array;
    const k = c.size[j] as number;
    const g = new Float64Array(k);
    for (let v = 0; v < k; v++) {
      const n0 = t[2 * v] as number;
      const n1 = t[2 * v + 1] as number;
      g[v] = n0 + n1 > 0 ? ratio(n0, n1, c.neg, c.pos, (n0 + n1) / m, alphas[j] as number) : 0;
    }
    let mu = 0;
    for (let v = 0; v < k; v++)
      mu += ((g[v] as number) * ((t[2 * v] as number) + (t[2 * v + 1] as number))) / m;
    const map = c.maps[j];
    weights.push(
      Array.from({ length: binCount(f) }, (_, b) => g[map ? (map[b] as number) : b] as number),
    );
    mean.push(mu);
  });
  return {
    alpha: smoothing.alpha,
    ...(smoothing.evidence ? { evidence: true } : {}),
    base: Math.log(Math.max(c.pos, 0.5) / Math.max(c.neg, 0.5)),
    weights,
    mean,
  };
}

/** A fitted naive Bayes with its leave-one-out raw scores (at the chosen alpha) on the rows. */
export interface NaiveBayesFit {
  readonly model: NaiveBayesModel;
  readonly loo: Float64Array;
}

/** The smoothing a model was fitted with. */
export function smoothingOf(model: NaiveBayesModel): Smoothing {
  return { alpha: model.alpha, evidence: model.evidence === true };
}

/**
 * Fit on `rows`, choosing the smoothing by leave-one-out log-loss after a Platt step among
 * SMOOTHINGS (or use `smoothing`; evidence concentrations are always those of `rows`).
 */
export function fitNaiveBayes(
  ds: Dataset,
  labels: Int8Array,
  rows: Int32Array,
  smoothing?: Smoothing,
): NaiveBayesFit {
  const c = countBins(ds, labels, rows);
  const y = Int8Array.from(rows, (r) => labels[r] as number);
  const tried = smoothing ? [smoothing] : SMOOTHINGS;
  const ev = tried.some((s) => s.evidence) ? evidenceAlphas(c, rows.length) : null;
  const alphasOf = (s: Smoothing) =>
    s.evidence && ev ? ev.map((e) => e * s.alpha) : c.n.map(() => s.alpha);
  let best = tried[0] as Smoothing;
  let bestLoo: Float64Array | null = null;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const s of tried) {
    const z = leaveOneOut(c, labels, rows, alphasOf(s));
    const loss = plattLoss(z, y, fitPlatt(z, y));
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = s;
      bestLoo = z;
    }
  }
  return {
    model: build(ds, c, best, alphasOf(best), rows.length),
    loo: bestLoo ?? leaveOneOut(c, labels, rows, alphasOf(best)),
  };
}

/** Raw scores of `rows` (all rows when null) into out[0..]. */
export function naiveBayesScores(
  ds: Dataset,
  model: NaiveBayesModel,
  rows: Int32Array | null,
  out: Float64Array,
): void {
  const m = rows ? rows.length : ds.rows;
  out.fill(model.base, 0, m);
  model.weights.forEach((w, j) => {
    const b = ds.bins[j] as Uint8Array;
    for (let k = 0; k < m; k++) {
      const r = rows ? (rows[k] as number) : k;
      out[k] = (out[k] as number) + (w[b[r] as number] ?? 0);
    }
  });
}

/** Per-feature contributions of row r, centred on the training means; returns the bias. */
export function naiveBayesContributions(
  ds: Dataset,
  model: NaiveBayesModel,
  r: number,
  out: Float64Array,
): number {
  let bias = model.base;
  model.weights.forEach((w, j) => {
    const mu = model.mean[j] as number;
    bias += mu;
    out[j] = (w[(ds.bins[j] as Uint8Array)[r] as number] ?? 0) - mu;
  });
  return bias;
}
