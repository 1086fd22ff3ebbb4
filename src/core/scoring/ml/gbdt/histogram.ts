/** Per-feature histograms of gradient, hessian and row count: 3 numbers per bin, 256 bins a feature. */
export const STRIDE = 3 * 256;

/**
 * Copy the bins of `rows` into one row-major matrix (row k's `features` bytes side by side), so
 * a tree touching a scattered subset of rows reads one cache line per row, not one per feature.
 */
export function toRowMajor(bins: readonly Uint8Array[], rows: Int32Array): Uint8Array {
  const nf = bins.length;
  const out = new Uint8Array(rows.length * nf);
  for (let f = 0; f < nf; f++) {
    const b = bins[f] as Uint8Array;
    for (let k = 0; k < rows.length; k++) out[k * nf + f] = b[rows[k] as number] as number;
  }
  return out;
}

/** All rows' bins row-major. */
export function allRowsMajor(bins: readonly Uint8Array[], rows: number): Uint8Array {
  const nf = bins.length;
  const out = new Uint8Array(rows * nf);
  for (let f = 0; f < nf; f++) {
    const b = bins[f] as Uint8Array;
    for (let r = 0; r < rows; r++) out[r * nf + f] = b[r] as number;
  }
  return out;
}

/** Sum gradients and hessians of rows idx[start..end) into `out` (zeroed first). */
export function buildHistogram(
  bins: Uint8Array,
  features: number,
  grad: Float64Array,
  hess: Float64Array,
  idx: Int32Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  out.fill(0);
  for (let k = start; k < end; k++) {
    const r = idx[k] as number;
    const g = grad[r] as number;
    const h = hess[r] as number;
    const base = r * features;
    for (let f = 0; f < features; f++) {
      const o = f * STRIDE + 3 * (bins[base + f] as number);
      out[o] = (out[o] as number) + g;
      out[o + 1] = (out[o + 1] as number) + h;
      out[o + 2] = (out[o + 2] as number) + 1;
    }
  }
}

/** out = parent - child (the histogram of the sibling). */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) out[i] = (parent[i] as number) - (child[i] as number);
}
