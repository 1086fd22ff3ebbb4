/**
 * Platt scaling: p = sigmoid(a * z + b) over a model's raw logit z, fitted by Newton's method on
 * held-out rows. It is monotone, so it never changes the ranking (AUC), and it keeps explanations
 * exact: contributions simply scale by `a`. The slope is never negative: scores that rank
 * backwards on held-out rows become a constant (no signal) instead of a reversed ranking.
 */
import { logitLoss } from "./metrics.js";

export interface Platt {
  readonly a: number;
  readonly b: number;
}

/** The identity calibration. */
export const IDENTITY: Platt = { a: 1, b: 0 };

/** Fit a, b on raw scores `z` and labels `y` (with Platt's smoothed targets against overfitting). */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): Platt {
  const n = z.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] as number;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return IDENTITY;
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const f = a * (z[i] as number) + b;
      const t = y[i] === 1 ? tPos : tNeg;
      s += logitLoss(f, t);
    }
    return s;
  };
  let current = loss(a, b);
  for (let it = 0; it < 50; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      const p = 1 / (1 + Math.exp(-(a * zi + b)));
      const t = y[i] === 1 ? tPos : tNeg;
      const w = p * (1 - p);
      ga += (p - t) * zi;
      gb += p - t;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-18) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = current;
    for (; step > 1e-8; step /= 2) {
      next = loss(a - step * da, b - step * db);
      if (next <= current) break;
    }
    if (step <= 1e-8) break;
    a -= step * da;
    b -= step * db;
    const done = current - next < 1e-10 * Math.max(1, current);
    current = next;
    if (done) break;
  }
  if (a < 0) {
    // Scores that rank backwards on held-out rows carry no signal the model was fitted for (the
    // known downward bias of out-of-fold scores of features without signal): a constant, the
    // smoothed base rate, rather than a calibration that turns the ranking around.
    const t = (pos * tPos + neg * tNeg) / n;
    return { a: 0, b: Math.log(t / (1 - t)) };
  }
  return { a, b };
}

/** The calibrated probability of a raw score. */
export function applyPlatt(c: Platt, z: number): number {
  return 1 / (1 + Math.exp(-(c.a * z + c.b)));
}
