import type { Dataset } from "./dataset.js";
import { binCount, type Feature, type NumericFeature, scaled } from "./features.js";
import { minimize } from "./lbfgs.js";
import { logitLoss } from "./metrics.js";

/**
 * L2-regularised logistic regression. Numeric features enter scaled (median-imputed, clipped)
 * with a missing indicator; categorical ones one-hot over their bins (missing and "other" too).
 * Parameter 0 is the unpenalised intercept.
 */
export interface LogisticModel {
  readonly lambda: number;
  readonly coef: readonly number[];
  /** Training mean of each parameter's input (for centred explanations). */
  readonly mean: readonly number[];
}

/** Where each feature's parameters start; the last entry is the parameter count. */
export function paramOffsets(features: readonly Feature[]): Int32Array {
  const off = new Int32Array(features.length + 1);
  let p = 1;
  features.forEach((f, j) => {
    off[j] = p;
    p += f.kind === "numeric" ? 2 : binCount(f);
  });
  off[features.length] = p;
  return off;
}

/** Linear-model inputs of numeric features (Float32, one array per feature; null for categorical). */
export function scaledColumns(ds: Dataset): (Float32Array | null)[] {
  return ds.features.map((f, j) => {
    const v = ds.values[j];
    if (f.kind !== "numeric" || !v) return null;
    const out = new Float32Array(ds.rows);
    for (let i = 0; i < ds.rows; i++) out[i] = scaled(f as NumericFeature, v[i] as number);
    return out;
  });
}

/** z = X beta for the given rows. */
export function linearScores(
  ds: Dataset,
  cols: readonly (Float32Array | null)[],
  beta: ArrayLike<number>,
  rows: Int32Array | null,
  out: Float64Array,
): void {
  const off = paramOffsets(ds.features);
  const m = rows ? rows.length : ds.rows;
  out.fill(beta[0] as number, 0, m);
  for (let j = 0; j < ds.features.length; j++) {
    const o = off[j] as number;
    const b = ds.bins[j] as Uint8Array;
    const x = cols[j];
    if (x) {
      const w = beta[o] as number;
      const wm = beta[o + 1] as number;
      for (let k = 0; k < m; k++) {
        const r = rows ? (rows[k] as number) : k;
        out[k] = (out[k] as number) + w * (x[r] as number) + (b[r] === 0 ? wm : 0);
      }
    } else {
      for (let k = 0; k < m; k++) {
        const r = rows ? (rows[k] as number) : k;
        out[k] = (out[k] as number) + (beta[o + (b[r] as number)] as number);
      }
    }
  }
}

/** Fit with penalty `lambda` on `rows`, starting from `init` when given. */
export function fitLogistic(
  ds: Dataset,
  cols: readonly (Float32Array | null)[],
  labels: Int8Array,
  rows: Int32Array,
  lambda: number,
  init?: readonly number[],
  maxIterations = 200,
  gradTolerance = 1e-6,
): LogisticModel {
  const off = paramOffsets(ds.features);
  const p = off[ds.features.length] as number;
  const m = rows.length;
  const z = new Float64Array(m);
  const resid = new Float64Array(m);
  let pos = 0;
  for (const r of rows) pos += labels[r] as number;
  const beta = new Float64Array(p);
  if (init) beta.set(init);
  else {
    const prior = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, m)));
    beta[0] = Math.log(prior / (1 - prior));
  }
  const objective = (x: Float64Array, grad: Float64Array): number => {
    linearScores(ds, cols, x, rows, z);
    let loss = 0;
    for (let k = 0; k < m; k++) {
      const s = z[k] as number;
      const y = labels[rows[k] as number] as number;
      loss += logitLoss(s, y);
      resid[k] = 1 / (1 + Math.exp(-s)) - y;
    }
    grad.fill(0);
    let g0 = 0;
    for (let k = 0; k < m; k++) g0 += resid[k] as number;
    grad[0] = g0 / m;
    for (let j = 0; j < ds.features.length; j++) {
      const o = off[j] as number;
      const b = ds.bins[j] as Uint8Array;
      const xs = cols[j];
      if (xs) {
        let gw = 0;
        let gm = 0;
        for (let k = 0; k < m; k++) {
          const r = rows[k] as number;
          const e = resid[k] as number;
          gw += e * (xs[r] as number);
          if (b[r] === 0) gm += e;
        }
        grad[o] = gw / m;
        grad[o + 1] = gm / m;
      } else {
        for (let k = 0; k < m; k++) {
          const q = o + (b[rows[k] as number] as number);
          grad[q] = (grad[q] as number) + (resid[k] as number) / m;
        }
      }
    }
    let pen = 0;
    for (let i = 1; i < p; i++) {
      const w = x[i] as number;
      pen += w * w;
      grad[i] = (grad[i] as number) + lambda * w;
    }
    return loss / m + 0.5 * lambda * pen;
  };
  minimize(objective, beta, { maxIterations, gradTolerance, valueTolerance: 1e-9 });
  return { lambda, coef: Array.from(beta), mean: inputMeans(ds, cols, rows, off) };
}

function inputMeans(
  ds: Dataset,
  cols: readonly (Float32Array | null)[],
  rows: Int32Array,
  off: Int32Array,
): number[] {
  const mean = new Float64Array(off[ds.features.length] as number);
  mean[0] = 1;
  const m = Math.max(1, rows.length);
  ds.features.forEach((_, j) => {
    const o = off[j] as number;
    const b = ds.bins[j] as Uint8Array;
    const xs = cols[j];
    for (const r of rows) {
      if (xs) {
        mean[o] = (mean[o] as number) + (xs[r] as number) / m;
        if (b[r] === 0) mean[o + 1] = (mean[o + 1] as number) + 1 / m;
      } else {
        const q = o + (b[r] as number);
        mean[q] = (mean[q] as number) + 1 / m;
      }
    }
  });
  return Array.from(mean);
}

/**
 * Per-feature contributions to a row's linear score, centred on the training means, so that
 * the returned bias (intercept at the means) + sum of contributions = score.
 */
export function logisticExplainer(
  ds: Dataset,
  model: LogisticModel,
): (cols: readonly (Float32Array | null)[], r: number, out: Float64Array) => number {
  const off = paramOffsets(ds.features);
  const nf = ds.features.length;
  let bias = model.coef[0] as number;
  // Per feature: sum of coef * mean over its parameters (the centring term).
  const centre = new Float64Array(nf);
  for (let j = 0; j < nf; j++) {
    for (let q = off[j] as number; q < (off[j + 1] as number); q++)
      centre[j] = (centre[j] as number) + (model.coef[q] as number) * (model.mean[q] as number);
    bias += centre[j] as number;
  }
  return (cols, r, out) => {
    for (let j = 0; j < nf; j++) {
      const o = off[j] as number;
      const b = (ds.bins[j] as Uint8Array)[r] as number;
      const xs = cols[j];
      const c = xs
        ? (model.coef[o] as number) * (xs[r] as number) +
          (b === 0 ? (model.coef[o + 1] as number) : 0)
        : (model.coef[o + b] as number);
      out[j] = c - (centre[j] as number);
    }
    return bias;
  };
}

/**
 * The inputs of some rows laid out row by row (parameter index and value of each non-zero input),
 * for repeated fits on the same few rows (penalty paths on small tables): a fit then touches
 * only those entries instead of every feature's column.
 */
export interface RowDesign {
  readonly rows: Int32Array;
  /** Entries per row. */
  readonly width: number;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly params: number;
}

/** The row-by-row inputs of `rows`. */
export function rowDesign(
  ds: Dataset,
  cols: readonly (Float32Array | null)[],
  rows: Int32Array,
): RowDesign {
  const off = paramOffsets(ds.features);
  let width = 0;
  for (const c of cols) width += c ? 2 : 1;
  const m = rows.length;
  const index = new Int32Array(m * width);
  const value = new Float64Array(m * width);
  rows.forEach((r, k) => {
    let e = k * width;
    ds.features.forEach((_, j) => {
      const o = off[j] as number;
      const b = (ds.bins[j] as Uint8Array)[r] as number;
      const x = cols[j];
      if (x) {
        index[e] = o;
        value[e++] = x[r] as number;
        index[e] = o + 1;
        value[e++] = b === 0 ? 1 : 0;
      } else {
        index[e] = o + b;
        value[e++] = 1;
      }
    });
  });
  return { rows, width, index, value, params: off[ds.features.length] as number };
}

/** `fitLogistic` over a row design (same model, same objective). */
export function fitLogisticRows(
  design: RowDesign,
  labels: Int8Array,
  lambda: number,
  init?: readonly number[],
  maxIterations = 200,
  gradTolerance = 1e-6,
): LogisticModel {
  const { rows, width, index, value, params: p } = design;
  const m = rows.length;
  const y = Int8Array.from(rows, (r) => labels[r] as number);
  let pos = 0;
  for (const v of y) pos += v;
  const beta = new Float64Array(p);
  if (init) beta.set(init);
  else {
    const prior = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, m)));
    beta[0] = Math.log(prior / (1 - prior));
  }
  const objective = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let k = 0; k < m; k++) {
      let s = x[0] as number;
      const e0 = k * width;
      for (let e = e0; e < e0 + width; e++)
        s += (x[index[e] as number] as number) * (value[e] as number);
      const t = y[k] as number;
      loss += logitLoss(s, t);
      const resid = (1 / (1 + Math.exp(-s)) - t) / m;
      grad[0] = (grad[0] as number) + resid;
      for (let e = e0; e < e0 + width; e++) {
        const q = index[e] as number;
        grad[q] = (grad[q] as number) + resid * (value[e] as number);
      }
    }
    let pen = 0;
    for (let i = 1; i < p; i++) {
      const w = x[i] as number;
      pen += w * w;
      grad[i] = (grad[i] as number) + lambda * w;
    }
    return loss / m + 0.5 * lambda * pen;
  };
  minimize(objective, beta, { maxIterations, gradTolerance, valueTolerance: 1e-9 });
  const mean = new Float64Array(p);
  mean[0] = 1;
  for (let e = 0; e < index.length; e++) {
    const q = index[e] as number;
    mean[q] = (mean[q] as number) + (value[e] as number) / Math.max(1, m);
  }
  return { lambda, coef: Array.from(beta), mean: Array.from(mean) };
}
