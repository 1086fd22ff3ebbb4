/**
 * Limited-memory BFGS for smooth convex objectives on Float64Array. Hand-written (about 80 lines)
 * because the npm optimisers are unmaintained or pull in a whole numeric stack.
 */

/** Objective: writes the gradient into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Stopping rules. */
export interface LbfgsOptions {
  readonly maxIterations: number;
  /** Stop when the gradient's max-norm falls below this. */
  readonly gradTolerance: number;
  /** Stop when the relative decrease of the value falls below this. */
  readonly valueTolerance: number;
  readonly memory: number;
}

const DEFAULTS: LbfgsOptions = {
  maxIterations: 200,
  gradTolerance: 1e-6,
  valueTolerance: 1e-10,
  memory: 10,
};

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** Minimise `f` from `x0` (updated in place); returns the final value and iterations used. */
export function minimize(
  f: Objective,
  x: Float64Array,
  options: Partial<LbfgsOptions> = {},
): { value: number; iterations: number } {
  const o = { ...DEFAULTS, ...options };
  const n = x.length;
  const g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(o.memory);
  let it = 0;
  for (; it < o.maxIterations; it++) {
    if (maxAbs(g) < o.gradTolerance) break;
    // Two-loop recursion: d = -H g.
    d.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(s[k] as Float64Array, d);
      alpha[k] = a;
      const yk = y[k] as Float64Array;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (yk[i] as number);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma =
        dot(s[last] as Float64Array, y[last] as Float64Array) /
        dot(y[last] as Float64Array, y[last] as Float64Array);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    } else {
      const scale = 1 / Math.max(1, maxAbs(g));
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * scale;
    }
    for (let k = 0; k < s.length; k++) {
      const b = (rho[k] as number) * dot(y[k] as Float64Array, d);
      const sk = s[k] as Float64Array;
      const a = alpha[k] as number;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (a - b) * (sk[i] as number);
    }
    for (let i = 0; i < n; i++) d[i] = -(d[i] as number);
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number) / Math.max(1, maxAbs(g));
      slope = dot(g, d);
    }
    // Backtracking line search (Armijo).
    let step = 1;
    let fNew = fx;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = (xNew[i] as number) - (x[i] as number);
      yk[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === o.memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    const decrease = fx - fNew;
    fx = fNew;
    if (decrease <= o.valueTolerance * Math.max(1, Math.abs(fx))) break;
  }
  return { value: fx, iterations: it };
}
