import type { PlanProblem } from "../problem.js";
import { HARD_PENALTY, type PlanRule } from "../rules/rule.js";

/**
 * The sum of all rules' load costs per (rep, measure), compiled into piecewise-linear tables so
 * the search evaluates it without calling each rule: kinks, values at kinks, end slopes, and
 * the intersection of the rules' hard limits.
 */
export class LoadCurves {
  /** Measures some rule looks at; the search tracks only these. */
  readonly active: readonly number[];
  private readonly start: Int32Array;
  private readonly kx: Float64Array;
  private readonly ky: Float64Array;
  private readonly slopeL: Float64Array;
  private readonly slopeR: Float64Array;
  /** Hard limits per (rep, active measure index), [0, total] when no rule sets one. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;

  /**
   * `margin` (0..1) adds, for the search only, a penalty outside the central part of each hard
   * band (the outer margin/2 on each side), so loads settle with slack to trade later.
   */
  constructor(p: PlanProblem, rules: readonly PlanRule[], margin = 0) {
    const curves = rules.flatMap((r) => (r.load ? [r.load] : []));
    const active = [...new Set(curves.flatMap((c) => c.measures))].sort((a, b) => a - b);
    this.active = active;
    const mA = active.length;
    const xs: number[] = [];
    const ys: number[] = [];
    this.start = new Int32Array(p.p * mA + 1);
    this.slopeL = new Float64Array(p.p * mA);
    this.slopeR = new Float64Array(p.p * mA);
    this.lo = new Float64Array(p.p * mA);
    this.hi = new Float64Array(p.p * mA);
    for (let r = 0; r < p.p; r++) {
      for (let a = 0; a < mA; a++) {
        const k = active[a] ?? 0;
        const mine = curves.filter((c) => c.measures.includes(k));
        let lo = 0;
        let hi = p.totals[k] ?? 0;
        let limited = false;
        for (const c of mine) {
          const lim = c.limits(r, k);
          if (lim) {
            limited = true;
            lo = Math.max(lo, lim[0]);
            hi = Math.min(hi, lim[1]);
          }
        }
        const cut = limited ? (margin * Math.max(0, hi - lo)) / 2 : 0;
        const slo = lo + cut;
        const shi = hi - cut;
        const unit = HARD_PENALTY / Math.max((lo + hi) / 2, 1e-12);
        const f = (l: number) =>
          mine.reduce((s, c) => s + c.cost(r, k, l), 0) +
          (cut > 0 ? unit * (l < slo ? slo - l : l > shi ? l - shi : 0) : 0);
        const i = r * mA + a;
        this.lo[i] = lo;
        this.hi[i] = hi;
        const kinks = [
          ...new Set([...mine.flatMap((c) => c.kinks(r, k)), ...(cut > 0 ? [slo, shi] : [])]),
        ].sort((x, y) => x - y);
        if (kinks.length === 0) kinks.push(0);
        for (const q of kinks) {
          xs.push(q);
          ys.push(f(q));
        }
        this.start[i + 1] = xs.length;
        const first = kinks[0] ?? 0;
        const last = kinks[kinks.length - 1] ?? 0;
        const dl = Math.max(1, Math.abs(first));
        const dr = Math.max(1, Math.abs(last));
        this.slopeL[i] = (f(first) - f(first - dl)) / dl;
        this.slopeR[i] = (f(last + dr) - f(last)) / dr;
      }
    }
    this.kx = Float64Array.from(xs);
    this.ky = Float64Array.from(ys);
  }

  /** Total load cost of rep r (index i = r * active.length + a) at `load`. */
  value(i: number, load: number): number {
    const s = this.start[i] ?? 0;
    const e = this.start[i + 1] ?? 0;
    const kx = this.kx;
    const ky = this.ky;
    if (load <= (kx[s] ?? 0)) return (ky[s] ?? 0) + (load - (kx[s] ?? 0)) * (this.slopeL[i] ?? 0);
    for (let j = s + 1; j < e; j++) {
      const x1 = kx[j] ?? 0;
      if (load <= x1) {
        const x0 = kx[j - 1] ?? 0;
        const y0 = ky[j - 1] ?? 0;
        return x1 === x0 ? y0 : y0 + ((load - x0) * ((ky[j] ?? 0) - y0)) / (x1 - x0);
      }
    }
    return (ky[e - 1] ?? 0) + (load - (kx[e - 1] ?? 0)) * (this.slopeR[i] ?? 0);
  }

  /** Kinks of curve i inside [lo, hi] plus lo and hi: the minimiser of value - pi * load lies among them. */
  points(i: number): number[] {
    const lo = this.lo[i] ?? 0;
    const hi = this.hi[i] ?? 0;
    const out = [lo, hi];
    for (let j = this.start[i] ?? 0; j < (this.start[i + 1] ?? 0); j++) {
      const q = this.kx[j] ?? 0;
      if (q > lo && q < hi) out.push(q);
    }
    return out;
  }
}
