import { Rng } from "./ctdp/rng.js";
import type { PlanProblem } from "./problem.js";
import { hungarian } from "./search/hungarian.js";
import { balancedLloyd, kmeansPlusPlus, medianSpacing } from "./search/regions.js";

/** Options of the territory-centre search. */
export interface CentreOptions {
  readonly seed: number;
  /** Weight of a rep's distance from home to a centre in the rep-to-centre matching. */
  readonly compactness: number;
  /** Weight of the share of a rep's current book lying in a centre's cell in the matching. */
  readonly disruption: number;
  /** Most units the centres are fitted on (a load-weighted sample beyond it). */
  readonly sample?: number;
  readonly deadline?: number;
}

/**
 * Centres for territories shaped around a centre rather than around each rep's home (when homes
 * cluster in a few metros, home distance interleaves the territories of reps who live together):
 * p centres of a capacity-balanced power diagram of the units (k-means++ start, Lloyd steps
 * weighted so each cell holds its rep's share of every measure), then matched to reps by an
 * optimal assignment on the distance from home to centre and the share of the rep's current book
 * the cell holds. Returns the centre of each rep.
 */
export function territoryCentres(
  p: PlanProblem,
  opts: CentreOptions,
): { x: Float64Array; y: Float64Array } {
  const m = p.measureNames.length;
  const rng = new Rng(opts.seed);
  // Unit load: mean over measures of its share of the total; rep target: mean share of targets.
  const load = new Float64Array(p.n);
  const target = new Float64Array(p.p);
  for (let k = 0; k < m; k++) {
    const total = p.totals[k] ?? 0;
    let tsum = 0;
    for (let r = 0; r < p.p; r++) tsum += p.targets[r * m + k] ?? 0;
    for (let u = 0; u < p.n; u++)
      load[u] = (load[u] ?? 0) + (total > 0 ? (p.measures[u * m + k] ?? 0) / total : 1 / p.n) / m;
    for (let r = 0; r < p.p; r++)
      target[r] = (target[r] ?? 0) + (tsum > 0 ? (p.targets[r * m + k] ?? 0) / tsum : 1 / p.p) / m;
  }
  // A load-weighted sample keeps the Lloyd steps cheap on a million accounts (each sampled unit
  // stands for an equal share of the load).
  const limit = opts.sample ?? Math.max(20_000, 20 * p.p);
  let sx = p.x;
  let sy = p.y;
  let sl = load;
  let sOwner = p.owner;
  if (p.n > limit) {
    const cum = new Float64Array(p.n);
    let acc = 0;
    for (let u = 0; u < p.n; u++) {
      acc += (load[u] ?? 0) + 1e-12;
      cum[u] = acc;
    }
    sx = new Float64Array(limit);
    sy = new Float64Array(limit);
    sl = new Float64Array(limit).fill(1 / limit);
    sOwner = new Int32Array(limit);
    for (let i = 0; i < limit; i++) {
      const t = rng.next() * acc;
      let lo = 0;
      let hi = p.n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cum[mid] ?? 0) < t) lo = mid + 1;
        else hi = mid;
      }
      sx[i] = p.x[lo] ?? 0;
      sy[i] = p.y[lo] ?? 0;
      sOwner[i] = p.owner[lo] ?? -1;
    }
  }
  const { cx, cy } = kmeansPlusPlus(sx, sy, sl, p.p, rng);
  // Cells get targets in rep order for now; the matching below then pairs cells and reps of
  // similar size only through the distances, so targets are re-read after matching.
  const order = Array.from(target.keys()).sort((a, b) => (target[a] ?? 0) - (target[b] ?? 0));
  const cellTarget = Float64Array.from(order, (r) => target[r] ?? 0);
  const psi = balancedLloyd(sx, sy, sl, cx, cy, {
    iterations: Math.round(Math.min(150, Math.max(30, 4e8 / Math.max(1, sx.length * p.p)))),
    target: cellTarget,
    area: medianSpacing(cx, cy),
    adaptive: true,
    ...(opts.deadline !== undefined ? { stop: () => Date.now() > (opts.deadline ?? 0) } : {}),
  });
  // Share of each rep's current book in each cell.
  const inCell = new Float64Array(p.p * p.p);
  const book = new Float64Array(p.p);
  for (let i = 0; i < sx.length; i++) {
    const o = sOwner[i] ?? -1;
    if (o < 0) continue;
    let best = 0;
    let bv = Number.POSITIVE_INFINITY;
    for (let k = 0; k < p.p; k++) {
      const v =
        ((sx[i] ?? 0) - (cx[k] ?? 0)) ** 2 + ((sy[i] ?? 0) - (cy[k] ?? 0)) ** 2 - (psi[k] ?? 0);
      if (v < bv) {
        bv = v;
        best = k;
      }
    }
    inCell[best * p.p + o] = (inCell[best * p.p + o] ?? 0) + (sl[i] ?? 0);
    book[o] = (book[o] ?? 0) + (sl[i] ?? 0);
  }
  // Cost of cell k at rep r: home distance (in territory radii) and the book it would not keep;
  // a cell sized for another rep costs its relative size mismatch.
  const cost = new Float64Array(p.p * p.p);
  for (let k = 0; k < p.p; k++) {
    for (let r = 0; r < p.p; r++) {
      const hx = p.homeX[r] ?? Number.NaN;
      const hy = p.homeY[r] ?? Number.NaN;
      const d =
        Number.isNaN(hx) || Number.isNaN(hy) ? 0 : Math.hypot((cx[k] ?? 0) - hx, (cy[k] ?? 0) - hy);
      const kept = (book[r] ?? 0) > 0 ? (inCell[k * p.p + r] ?? 0) / (book[r] ?? 1) : 0;
      const t = target[r] ?? 0;
      const size = t > 0 ? Math.abs((cellTarget[k] ?? 0) - t) / t : 0;
      cost[k * p.p + r] =
        opts.compactness * (d / p.distanceScale) - opts.disruption * kept + 10 * size;
    }
  }
  const repOf = hungarian(cost, p.p);
  const x = new Float64Array(p.p);
  const y = new Float64Array(p.p);
  for (let k = 0; k < p.p; k++) {
    x[repOf[k] ?? 0] = cx[k] ?? 0;
    y[repOf[k] ?? 0] = cy[k] ?? 0;
  }
  return { x, y };
}
