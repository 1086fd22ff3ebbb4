import { decayedVolumes } from "./features.js";
import type { IntentInput } from "./input.js";
import { type SignalWeights, weightOf } from "./weights.js";

/** What the weights were learnt from and the weight of each kind. */
export interface LearntWeights {
  readonly weights: SignalWeights;
  readonly kinds: readonly { readonly kind: string; readonly weight: number }[];
  readonly accounts: number;
  /** Accounts that opened an opportunity in the horizon after the training date. */
  readonly positives: number;
  /** Log-odds of opening an opportunity without any signal. */
  readonly intercept: number;
}

/** Solve the small dense system A x = b (Gaussian elimination with partial pivoting). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(m[r * n + c] ?? 0) > Math.abs(m[p * n + c] ?? 0)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = m[c * n + k] ?? 0;
        m[c * n + k] = m[p * n + k] ?? 0;
        m[p * n + k] = t;
      }
      const t = x[c] ?? 0;
      x[c] = x[p] ?? 0;
      x[p] = t;
    }
    const piv = m[c * n + c] ?? 0;
    if (Math.abs(piv) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = (m[r * n + c] ?? 0) / piv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) m[r * n + k] = (m[r * n + k] ?? 0) - f * (m[c * n + k] ?? 0);
      x[r] = (x[r] ?? 0) - f * (x[c] ?? 0);
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c] ?? 0;
    for (let k = c + 1; k < n; k++) s -= (m[c * n + k] ?? 0) * (x[k] ?? 0);
    const piv = m[c * n + c] ?? 0;
    x[c] = Math.abs(piv) < 1e-12 ? 0 : s / piv;
  }
  return x;
}

/**
 * Logistic regression by Newton's method with an L2 penalty, coefficients of `free` features
 * only (the others held at 0). Written here because it is a dozen lines for a handful of features.
 */
function fitLogistic(
  x: Float64Array,
  y: Uint8Array,
  n: number,
  k: number,
  free: readonly boolean[],
  l2: number,
): Float64Array {
  const p = k + 1;
  const beta = new Float64Array(p);
  for (let iter = 0; iter < 30; iter++) {
    const g = new Float64Array(p);
    const h = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      let z = beta[0] ?? 0;
      for (let j = 0; j < k; j++) if (free[j]) z += (beta[j + 1] ?? 0) * (x[i * k + j] ?? 0);
      const mu = 1 / (1 + Math.exp(-z));
      const r = (y[i] ?? 0) - mu;
      const w = mu * (1 - mu);
      for (let a = 0; a < p; a++) {
        const xa = a === 0 ? 1 : free[a - 1] ? (x[i * k + a - 1] ?? 0) : 0;
        if (xa === 0) continue;
        g[a] = (g[a] ?? 0) + r * xa;
        for (let b = 0; b <= a; b++) {
          const xb = b === 0 ? 1 : free[b - 1] ? (x[i * k + b - 1] ?? 0) : 0;
          if (xb !== 0) h[a * p + b] = (h[a * p + b] ?? 0) + w * xa * xb;
        }
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b] ?? 0;
      if (a > 0) {
        g[a] = (g[a] ?? 0) - l2 * (beta[a] ?? 0);
        h[a * p + a] = (h[a * p + a] ?? 0) + l2;
      }
      if (a > 0 && !free[a - 1]) {
        for (let b = 0; b < p; b++) h[a * p + b] = h[b * p + a] = 0;
        h[a * p + a] = 1;
        g[a] = 0;
      }
    }
    const step = solve(h, g, p);
    let change = 0;
    for (let a = 0; a < p; a++) {
      beta[a] = (beta[a] ?? 0) + (step[a] ?? 0);
      change = Math.max(change, Math.abs(step[a] ?? 0));
    }
    if (change < 1e-8) break;
  }
  return beta;
}

/**
 * Learn signal-kind weights from which signals preceded opportunities: a logistic regression of
 * "an opportunity opened within the horizon after T0" on each kind's time-decayed volume at T0,
 * with non-negative weights (a kind that does not help gets 0). The weights are log-odds per
 * decayed event, so engagement becomes the signals' contribution to the odds of an opportunity.
 */
export function learnWeights(
  input: IntentInput,
  opened: Uint8Array,
  base: SignalWeights,
  halfLifeDays: number,
  l2 = 1,
): LearntWeights {
  const n = input.accounts.length;
  const kinds = input.bins.kinds;
  const k = kinds.length;
  const measures = kinds.map((kind) => weightOf(base, kind).measure);
  const x = decayedVolumes(input.bins, n, halfLifeDays, measures);
  const free = kinds.map(() => true);
  let beta = fitLogistic(x, opened, n, k, free, l2);
  for (let round = 0; round < k; round++) {
    let worst = -1;
    for (let j = 0; j < k; j++)
      if (
        free[j] &&
        (beta[j + 1] ?? 0) < 0 &&
        (worst < 0 || (beta[j + 1] ?? 0) < (beta[worst + 1] ?? 0))
      )
        worst = j;
    if (worst < 0) break;
    free[worst] = false;
    beta = fitLogistic(x, opened, n, k, free, l2);
  }
  const learnt: Record<string, { weight: number; measure: "count" | "value" }> = {};
  const list = kinds.map((kind, j) => {
    const weight = free[j] ? Math.max(0, beta[j + 1] ?? 0) : 0;
    learnt[kind] = { weight, measure: measures[j] ?? "count" };
    return { kind, weight };
  });
  let positives = 0;
  for (let i = 0; i < n; i++) positives += opened[i] ?? 0;
  return {
    weights: { kinds: { ...base.kinds, ...learnt }, other: base.other },
    kinds: list,
    accounts: n,
    positives,
    intercept: beta[0] ?? 0,
  };
}
