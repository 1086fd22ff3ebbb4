/** Ranking and probability metrics for binary labels (0/1) and predicted probabilities. */

const EPS = 1e-15;

/** Midranks (1-based) of `scores`, ties sharing their average rank. */
function midranks(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman rank correlation of two equally long series (ties share their mean rank). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = midranks(a);
  const rb = midranks(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** AUC with a 95% interval from DeLong's variance (logit-transformed so it stays in [0, 1]). */
export function aucWithInterval(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): { auc: number; lo: number; hi: number } {
  const n = labels.length;
  const all = midranks(scores);
  const posIdx: number[] = [];
  const negIdx: number[] = [];
  for (let i = 0; i < n; i++) (labels[i] === 1 ? posIdx : negIdx).push(i);
  const m = posIdx.length;
  const k = negIdx.length;
  if (m === 0 || k === 0) return { auc: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const rp = midranks(posIdx.map((i) => scores[i] as number));
  const rn = midranks(negIdx.map((i) => scores[i] as number));
  let sum = 0;
  const v10 = new Float64Array(m);
  posIdx.forEach((i, a) => {
    v10[a] = ((all[i] as number) - (rp[a] as number)) / k;
    sum += all[i] as number;
  });
  const auc = (sum - (m * (m + 1)) / 2) / (m * k);
  const v01 = new Float64Array(k);
  negIdx.forEach((i, b) => {
    v01[b] = 1 - ((all[i] as number) - (rn[b] as number)) / m;
  });
  const variance = (xs: Float64Array) => {
    if (xs.length < 2) return 0;
    let mu = 0;
    for (const x of xs) mu += x;
    mu /= xs.length;
    let s = 0;
    for (const x of xs) s += (x - mu) * (x - mu);
    return s / (xs.length - 1);
  };
  const se = Math.sqrt(variance(v10) / m + variance(v01) / k);
  const a = Math.min(1 - 1e-9, Math.max(1e-9, auc));
  const logit = Math.log(a / (1 - a));
  const seLogit = se / (a * (1 - a));
  const back = (z: number) => 1 / (1 + Math.exp(-z));
  return {
    auc,
    lo: Math.min(auc, back(logit - 1.96 * seLogit)),
    hi: Math.max(auc, back(logit + 1.96 * seLogit)),
  };
}

/** Area under the ROC curve (ties count half). */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return aucWithInterval(labels, scores).auc;
}

/** Mean squared error of the probabilities. */
export function brier(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = (probs[i] as number) - (labels[i] as number);
    s += d * d;
  }
  return s / Math.max(1, labels.length);
}

/** Log-loss of one row from its logit `z` and its label or target `y`: log(1 + e^z) - y z, stably. */
export function logitLoss(z: number, y: number): number {
  return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
}

/** Mean negative log-likelihood (probabilities clipped to [1e-15, 1 - 1e-15]). */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i] as number));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / Math.max(1, labels.length);
}

/** Positive rate among the top `fraction` of rows by score, over the overall rate. */
export function topLift(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  fraction = 0.1,
): number {
  const n = labels.length;
  const top = Math.max(1, Math.ceil(n * fraction));
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  let hit = 0;
  let all = 0;
  for (let i = 0; i < n; i++) all += labels[i] as number;
  for (let i = 0; i < top; i++) hit += labels[order[i] as number] as number;
  return all === 0 ? Number.NaN : hit / top / (all / n);
}

/** One row of a calibration table. */
export interface CalibrationBin {
  readonly rows: number;
  readonly predicted: number;
  readonly observed: number;
}

/** Calibration by equal-count bins of predicted probability (lowest first); ties share a bin. */
export function calibrationTable(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (probs[a] as number) - (probs[b] as number) || a - b,
  );
  const out: CalibrationBin[] = [];
  let lo = 0;
  for (let b = 0; b < bins && lo < n; b++) {
    let hi = Math.max(lo + 1, Math.floor(((b + 1) * n) / bins));
    // Equal predictions go to the same bin (else the row order would split them arbitrarily).
    while (hi < n && probs[order[hi] as number] === probs[order[hi - 1] as number]) hi++;
    if (hi <= lo) continue;
    let p = 0;
    let y = 0;
    for (let k = lo; k < hi; k++) {
      const i = order[k] as number;
      p += probs[i] as number;
      y += labels[i] as number;
    }
    out.push({ rows: hi - lo, predicted: p / (hi - lo), observed: y / (hi - lo) });
    lo = hi;
  }
  return out;
}

/** Expected calibration error: row-weighted mean |predicted - observed| over the table. */
export function calibrationError(table: readonly CalibrationBin[]): number {
  let n = 0;
  let e = 0;
  for (const b of table) {
    n += b.rows;
    e += b.rows * Math.abs(b.predicted - b.observed);
  }
  return n === 0 ? Number.NaN : e / n;
}

/** All metrics of one set of predictions. */
export interface Metrics {
  readonly rows: number;
  readonly auc: number;
  readonly aucLo: number;
  readonly aucHi: number;
  readonly brier: number;
  readonly logLoss: number;
  readonly lift10: number;
  readonly calibration: readonly CalibrationBin[];
}

/** Every metric at once. */
export function evaluatePredictions(labels: ArrayLike<number>, probs: ArrayLike<number>): Metrics {
  const a = aucWithInterval(labels, probs);
  return {
    rows: labels.length,
    auc: a.auc,
    aucLo: a.lo,
    aucHi: a.hi,
    brier: brier(labels, probs),
    logLoss: logLoss(labels, probs),
    lift10: topLift(labels, probs),
    calibration: calibrationTable(labels, probs),
  };
}
