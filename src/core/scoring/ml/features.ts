import type { Frame } from "./frame.js";

/** Bin 0 holds missing values in every feature. */
export const MISSING_BIN = 0;
/** At most this many bins per feature, so a bin fits a byte. */
export const MAX_BINS = 255;
/** Values used to learn bin edges and scaling (an even stride over the rows). */
const SAMPLE = 200_000;

/** A numeric feature: quantile bin edges for trees, a scaling for the linear model. */
export interface NumericFeature {
  readonly kind: "numeric";
  readonly column: string;
  readonly source: "number" | "boolean" | "date";
  readonly dateOrder?: "MDY" | "DMY";
  /** "," when numbers are written with a decimal comma (`1.234,56`). */
  readonly decimal?: ",";
  /** Ascending thresholds: a value x falls in bin 1 + #{edges < x}. */
  readonly edges: readonly number[];
  /** Linear model: signed log1p first (skewed columns), then (t - center) / scale, missing -> fill. */
  readonly log: boolean;
  readonly center: number;
  readonly scale: number;
  readonly fill: number;
}

/** A categorical feature: kept levels get bins 1..k, rare and unseen ones share bin k + 1. */
export interface CategoricalFeature {
  readonly kind: "categorical";
  readonly column: string;
  readonly levels: readonly string[];
}

/** How one input column becomes model input. */
export type Feature = NumericFeature | CategoricalFeature;

/** Number of bins a feature uses (missing and, for categories, "other" included). */
export function binCount(f: Feature): number {
  return f.kind === "numeric" ? f.edges.length + 2 : f.levels.length + 2;
}

/** The bin of a numeric value under `edges` (binary search). */
export function numericBin(edges: readonly number[], x: number): number {
  if (Number.isNaN(x)) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo;
}

/** The signed log transform applied to skewed columns before scaling. */
export function slog(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** The scaled linear-model input of a numeric value (missing -> fill, clipped to +-5 SD). */
export function scaled(f: NumericFeature, x: number): number {
  if (Number.isNaN(x)) return f.fill;
  const z = ((f.log ? slog(x) : x) - f.center) / f.scale;
  return Math.min(5, Math.max(-5, z));
}

function stride(rows: number): number {
  return Math.max(1, Math.ceil(rows / SAMPLE));
}

/** Thresholds for at most `MAX_BINS - 1` value bins: midpoints of few distinct values, else quantiles. */
export function quantileEdges(sorted: Float64Array): number[] {
  const maxValueBins = MAX_BINS - 1;
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxValueBins; i++) {
    const v = sorted[i] as number;
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
  }
  if (distinct.length <= maxValueBins) {
    const out: number[] = [];
    for (let i = 1; i < distinct.length; i++)
      out.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
    return out;
  }
  const m = sorted.length;
  const max = sorted[m - 1] as number;
  const edges: number[] = [];
  for (let k = 1; k < maxValueBins; k++) {
    const v = sorted[Math.floor((k * m) / maxValueBins)] as number;
    if (v < max && (edges.length === 0 || v > (edges[edges.length - 1] as number))) edges.push(v);
  }
  return edges;
}

function learnNumeric(
  column: string,
  source: NumericFeature["source"],
  values: Float64Array,
  dateOrder: "MDY" | "DMY" | undefined,
  decimal?: ",",
): NumericFeature {
  const step = stride(values.length);
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    const x = values[i] as number;
    if (!Number.isNaN(x)) sample.push(x);
  }
  const sorted = Float64Array.from(sample).sort();
  const edges = quantileEdges(sorted);
  const m = sorted.length;
  let mean = 0;
  for (const x of sorted) mean += x;
  mean /= Math.max(1, m);
  let m2 = 0;
  let m3 = 0;
  for (const x of sorted) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  const sd = Math.sqrt(m2 / Math.max(1, m));
  const skew = sd > 0 ? m3 / Math.max(1, m) / sd ** 3 : 0;
  const log = source === "number" && Math.abs(skew) > 2;
  const t = log ? sorted.map(slog) : sorted;
  let c = 0;
  for (const x of t) c += x;
  c /= Math.max(1, m);
  let v = 0;
  for (const x of t) v += (x - c) * (x - c);
  const scale = Math.sqrt(v / Math.max(1, m)) || 1;
  const median = m > 0 ? (t[Math.floor(m / 2)] as number) : c;
  const base = { kind: "numeric" as const, column, source, edges, log, center: c, scale };
  return {
    ...base,
    ...(dateOrder ? { dateOrder } : {}),
    ...(decimal ? { decimal } : {}),
    fill: Math.max(-5, Math.min(5, (median - c) / scale)),
  };
}

/** Minimum rows for a category to get its own bin (rarer ones are pooled as "other"). */
export function minLevelCount(rows: number): number {
  return rows < 1000 ? 3 : 10;
}

function learnCategorical(
  column: string,
  codes: Int32Array,
  levels: readonly string[],
): CategoricalFeature {
  const counts = new Float64Array(levels.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  const min = minLevelCount(codes.length);
  const order = levels
    .map((l, i) => ({ l, key: l.toLowerCase(), n: counts[i] as number }))
    .filter((x) => x.n >= min)
    .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, MAX_BINS - 2);
  return { kind: "categorical", column, levels: order.map((x) => x.l) };
}

/** Learn every feature's encoding from the training frame (unsupervised: labels are not used). */
export function learnFeatures(frame: Frame): Feature[] {
  const out: Feature[] = [];
  for (const c of frame.columns) {
    if (c.kind === "numeric")
      out.push(learnNumeric(c.name, c.source, c.values, c.dateOrder, c.decimal));
    else if (c.kind === "categorical") out.push(learnCategorical(c.name, c.codes, c.levels));
  }
  return out;
}
