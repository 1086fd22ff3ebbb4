/**
 * L2-regularised logistic regression by Newton's method, for the match model's few features.
 * Hand-written: a dense Newton step over ~20 features is 40 lines and needs no library.
 */
export function fitLogistic(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  l2 = 1e-3,
  iterations = 50,
): Float64Array {
  const d = rows[0]?.length ?? 0;
  const w = new Float64Array(d);
  const n = rows.length;
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(d);
    const h = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const x = rows[i] as Float64Array;
      let z = 0;
      for (let k = 0; k < d; k++) z += (w[k] as number) * (x[k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const r = p - (labels[i] as number);
      const s = Math.max(p * (1 - p), 1e-9);
      for (let k = 0; k < d; k++) {
        const xk = x[k] as number;
        if (xk === 0) continue;
        g[k] = (g[k] as number) + r * xk;
        for (let j = 0; j < d; j++)
          h[k * d + j] = (h[k * d + j] as number) + s * xk * (x[j] as number);
      }
    }
    for (let k = 0; k < d; k++) {
      g[k] = (g[k] as number) + l2 * n * (w[k] as number) * (k === 0 ? 0 : 1);
      h[k * d + k] = (h[k * d + k] as number) + l2 * n * (k === 0 ? 0 : 1) + 1e-9;
    }
    const step = solve(h, g, d);
    let change = 0;
    for (let k = 0; k < d; k++) {
      w[k] = (w[k] as number) - (step[k] as number);
      change = Math.max(change, Math.abs(step[k] as number));
    }
    if (change < 1e-7) break;
  }
  return w;
}

/** Solve A x = b (A symmetric positive definite, d x d, row-major) by Gaussian elimination. */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const m = a.slice();
  const x = b.slice();
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++)
      if (Math.abs(m[r * d + c] as number) > Math.abs(m[piv * d + c] as number)) piv = r;
    if (piv !== c) {
      for (let j = 0; j < d; j++) {
        const t = m[c * d + j] as number;
        m[c * d + j] = m[piv * d + j] as number;
        m[piv * d + j] = t;
      }
      const t = x[c] as number;
      x[c] = x[piv] as number;
      x[piv] = t;
    }
    const p = m[c * d + c] as number;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = c + 1; r < d; r++) {
      const f = (m[r * d + c] as number) / p;
      if (f === 0) continue;
      for (let j = c; j < d; j++)
        m[r * d + j] = (m[r * d + j] as number) - f * (m[c * d + j] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = x[c] as number;
    for (let j = c + 1; j < d; j++) s -= (m[c * d + j] as number) * (x[j] as number);
    const p = m[c * d + c] as number;
    x[c] = Math.abs(p) < 1e-12 ? 0 : s / p;
  }
  return x;
}
