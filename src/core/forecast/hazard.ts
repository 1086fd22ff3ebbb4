/**
 * Discrete-time competing-risks hazard: each week an open deal is won, lost or goes on, with
 * probabilities from a multinomial logit of its covariates that week (going on is the reference):
 * P(won) = e^a / (1 + e^a + e^b), a = x.beta_won, b = x.beta_lost. Fitted by penalised maximum
 * likelihood (L2 on every coefficient but the intercept, column 0) with L-BFGS.
 *
 * The L2 penalty is a Gaussian prior on the coefficients of standardised covariates (sd
 * `priorSd`), on the scale of the summed log-likelihood: its weight does not grow with the number
 * of deal-weeks. (A fixed penalty on the mean log-likelihood did: with wins a few percent of
 * weeks, it flattened the coefficients that place a win in time, and wins came out weeks early.)
 */
import { minimize } from "../scoring/ml/index.js";

/** Outcome of one deal-week. */
export const CONTINUE = 0;
export const WON = 1;
export const LOST = 2;

/** Deal-weeks: `x` row-major (`rows` x `width`), column 0 the intercept (1). */
export interface HazardData {
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly rows: number;
  readonly width: number;
  /** Optional weight per row (1 when absent). */
  readonly weights?: Float64Array;
}

export interface HazardModel {
  readonly width: number;
  readonly won: Float64Array;
  readonly lost: Float64Array;
  readonly iterations: number;
  readonly logLik: number;
}

export interface HazardFitOptions {
  /** Prior sd of each coefficient but the intercept (default 1). */
  readonly priorSd?: number;
  /** L2 penalty per coefficient on the mean log-likelihood scale (overrides `priorSd`). */
  readonly l2?: number;
  readonly maxIterations?: number;
}

/** Fit the weekly won/lost hazard. */
export function fitHazard(data: HazardData, options: HazardFitOptions = {}): HazardModel {
  const { x, y, rows, width: p } = data;
  const w = data.weights;
  let total = 0;
  let wonRows = 0;
  let lostRows = 0;
  for (let i = 0; i < rows; i++) {
    const wi = w ? (w[i] as number) : 1;
    total += wi;
    if (y[i] === WON) wonRows += wi;
    else if (y[i] === LOST) lostRows += wi;
  }
  const l2 = options.l2 ?? 1 / ((options.priorSd ?? 1) ** 2 * Math.max(total, 1));
  const theta = new Float64Array(2 * p);
  // Start at the base rates: the optimiser then only has to learn the covariates.
  const rest = Math.max(1e-9, total - wonRows - lostRows);
  theta[0] = Math.log(Math.max(wonRows, 0.5) / rest);
  theta[p] = Math.log(Math.max(lostRows, 0.5) / rest);
  const objective = (t: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let nll = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let a = 0;
      let b = 0;
      for (let j = 0; j < p; j++) {
        const v = x[o + j] as number;
        a += v * (t[j] as number);
        b += v * (t[p + j] as number);
      }
      const m = Math.max(0, a, b);
      const e0 = Math.exp(-m);
      const ea = Math.exp(a - m);
      const eb = Math.exp(b - m);
      const z = e0 + ea + eb;
      const wi = w ? (w[i] as number) : 1;
      const yi = y[i];
      nll -= wi * ((yi === WON ? a : yi === LOST ? b : 0) - m - Math.log(z));
      const ra = wi * (ea / z - (yi === WON ? 1 : 0));
      const rb = wi * (eb / z - (yi === LOST ? 1 : 0));
      for (let j = 0; j < p; j++) {
        const v = x[o + j] as number;
        g[j] = (g[j] as number) + ra * v;
        g[p + j] = (g[p + j] as number) + rb * v;
      }
    }
    const inv = 1 / Math.max(total, 1e-9);
    let pen = 0;
    for (let j = 0; j < 2 * p; j++) {
      g[j] = (g[j] as number) * inv;
      if (j % p !== 0) {
        const tj = t[j] as number;
        pen += 0.5 * l2 * tj * tj;
        g[j] = (g[j] as number) + l2 * tj;
      }
    }
    return nll * inv + pen;
  };
  const r = minimize(objective, theta, {
    maxIterations: options.maxIterations ?? 300,
    gradTolerance: 1e-7,
    valueTolerance: 1e-12,
  });
  return {
    width: p,
    won: theta.slice(0, p),
    lost: theta.slice(p),
    iterations: r.iterations,
    logLik: -r.value * total,
  };
}

/** This week's won and lost probabilities for covariates `x` (at `offset` in a row-major array). */
export function weekHazard(
  model: HazardModel,
  x: ArrayLike<number>,
  offset = 0,
): { won: number; lost: number } {
  let a = 0;
  let b = 0;
  for (let j = 0; j < model.width; j++) {
    const v = x[offset + j] as number;
    a += v * (model.won[j] as number);
    b += v * (model.lost[j] as number);
  }
  const m = Math.max(0, a, b);
  const e0 = Math.exp(-m);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const z = e0 + ea + eb;
  return { won: ea / z, lost: eb / z };
}

/**
 * Weekly probabilities of winning in each of the next weeks, from the hazards of each week
 * (`won[k]`, `lost[k]`); the last week's hazards hold beyond the horizon, so `eventual` adds the
 * geometric tail in closed form.
 */
export function winSchedule(
  won: ArrayLike<number>,
  lost: ArrayLike<number>,
): { readonly weekly: Float64Array; readonly eventual: number; readonly survival: number } {
  const n = won.length;
  const weekly = new Float64Array(n);
  let s = 1;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const hw = won[k] as number;
    const hl = lost[k] as number;
    weekly[k] = s * hw;
    total += s * hw;
    s *= 1 - hw - hl;
  }
  const hw = (won[n - 1] as number) ?? 0;
  const hl = (lost[n - 1] as number) ?? 0;
  const tail = hw + hl > 1e-12 ? (s * hw) / (hw + hl) : 0;
  return { weekly, eventual: total + tail, survival: s };
}
