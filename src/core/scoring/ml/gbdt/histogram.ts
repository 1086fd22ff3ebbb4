/** Per-feature histograms of gradient, hessian and row count: 3 numbers per bin, 256 bins a feature. */
export const STRIDE = 3 * 256;

/** Sum gradients and hessians of rows idx[start..end) into `out` (zeroed first), feature by feature. */
export function buildHistogram(
  bins: readonly Uint8Array[],
  grad: Float64Array,
  hess: Float64Array,
  idx: Int32Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  out.fill(0);
  for (let f = 0; f < bins.length; f++) {
    const b = bins[f] as Uint8Array;
    const off = f * STRIDE;
    for (let k = start; k < end; k++) {
      const r = idx[k] as number;
      const o = off + 3 * (b[r] as number);
      out[o] = (out[o] as number) + (grad[r] as number);
      out[o + 1] = (out[o + 1] as number) + (hess[r] as number);
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
