import type { Issue } from "../issues.js";
import { homeDistance, type PlanProblem } from "./problem.js";
import type { PlanRule } from "./rules/rule.js";
import { validatePlan } from "./validate.js";

/** Spread of one measure across reps. */
export interface MeasureSpread {
  readonly measure: string;
  readonly min: number;
  readonly max: number;
  /** Coefficient of variation across reps of load / target (std / mean). */
  readonly cv: number;
  /** Largest |load - target| / target over reps. */
  readonly worstDeviation: number;
}

/** One rep's book. */
export interface RepBook {
  readonly rep: number;
  readonly units: number;
  readonly loads: readonly number[];
  /** Load / target per measure. */
  readonly ofTarget: readonly number[];
  readonly gained: number;
  readonly lost: number;
  readonly meanDistance: number;
}

/** The per-plan report: balance, compactness, disruption, skill fit and books. */
export interface PlanReport {
  readonly valid: boolean;
  readonly issues: readonly Issue[];
  readonly objective: number;
  readonly terms: readonly { name: string; weight: number; value: number }[];
  readonly measures: readonly MeasureSpread[];
  /** Mean distance (km) from unit to rep home (or planned centre) over units whose rep has one. */
  readonly meanDistance: number;
  /** What meanDistance measures to: the reps' homes or planned territory centres. */
  readonly anchoredAt: "home" | "centre";
  /** Mean distance (km) from each unit to the centroid of its territory: the shape of the plan. */
  readonly meanCentroidDistance: number;
  /** Share of units, and of each measure, whose owner changes (among units with an owner). */
  readonly movedUnits: number;
  readonly movedShare: readonly number[];
  /** Share of tagged units whose rep has the matching skill (NaN when nothing is tagged). */
  readonly skillFit: number;
  readonly books: readonly RepBook[];
}

/** Build the report of a plan; the figures are recomputed from the plan itself. */
export function planReport(
  p: PlanProblem,
  rules: readonly PlanRule[],
  assign: Int32Array,
): PlanReport {
  const check = validatePlan(p, rules, assign);
  const m = p.measureNames.length;
  const loads = check.loads;
  const measures: MeasureSpread[] = p.measureNames.map((measure, k) => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let sq = 0;
    let worst = 0;
    let count = 0;
    for (let r = 0; r < p.p; r++) {
      const l = loads[r * m + k] ?? 0;
      const t = p.targets[r * m + k] ?? 0;
      min = Math.min(min, l);
      max = Math.max(max, l);
      if (t > 0) {
        const q = l / t;
        sum += q;
        sq += q * q;
        count++;
        worst = Math.max(worst, Math.abs(q - 1));
      }
    }
    const mean = count ? sum / count : 0;
    const cv = mean > 0 ? Math.sqrt(Math.max(0, sq / count - mean * mean)) / mean : 0;
    return { measure, min, max, cv, worstDeviation: worst };
  });
  const gained = new Float64Array(p.p);
  const lost = new Float64Array(p.p);
  const units = new Float64Array(p.p);
  const dist = new Float64Array(p.p);
  const moved = new Float64Array(m);
  const owned = new Float64Array(m);
  let movedUnits = 0;
  let ownedUnits = 0;
  let distSum = 0;
  let distCount = 0;
  let tagged = 0;
  let fit = 0;
  const nt = p.tagNames.length;
  for (let u = 0; u < p.n; u++) {
    const r = assign[u] ?? -1;
    if (r < 0 || r >= p.p) continue;
    units[r] = (units[r] ?? 0) + 1;
    const o = p.owner[u] ?? -1;
    if (o >= 0) {
      ownedUnits++;
      for (let k = 0; k < m; k++) owned[k] = (owned[k] ?? 0) + (p.measures[u * m + k] ?? 0);
      if (o !== r) {
        movedUnits++;
        gained[r] = (gained[r] ?? 0) + 1;
        lost[o] = (lost[o] ?? 0) + 1;
        for (let k = 0; k < m; k++) moved[k] = (moved[k] ?? 0) + (p.measures[u * m + k] ?? 0);
      }
    }
    if (!Number.isNaN(p.homeX[r] ?? Number.NaN)) {
      const d = homeDistance(p, u, r);
      distSum += d;
      distCount++;
      dist[r] = (dist[r] ?? 0) + d;
    }
    const t = p.tag[u] ?? -1;
    if (t >= 0) {
      tagged++;
      fit += p.skills[r * nt + t] ?? 0;
    }
  }
  // Centroid of each territory (unweighted unit locations), then each unit's distance to it.
  const cx = new Float64Array(p.p);
  const cy = new Float64Array(p.p);
  for (let u = 0; u < p.n; u++) {
    const r = assign[u] ?? -1;
    if (r < 0 || r >= p.p) continue;
    cx[r] = (cx[r] ?? 0) + (p.x[u] ?? 0);
    cy[r] = (cy[r] ?? 0) + (p.y[u] ?? 0);
  }
  let centroidSum = 0;
  let placed = 0;
  for (let u = 0; u < p.n; u++) {
    const r = assign[u] ?? -1;
    if (r < 0 || r >= p.p) continue;
    const c = units[r] ?? 1;
    centroidSum += Math.hypot((p.x[u] ?? 0) - (cx[r] ?? 0) / c, (p.y[u] ?? 0) - (cy[r] ?? 0) / c);
    placed++;
  }
  const books: RepBook[] = [];
  for (let r = 0; r < p.p; r++) {
    const l = Array.from({ length: m }, (_, k) => loads[r * m + k] ?? 0);
    books.push({
      rep: r,
      units: units[r] ?? 0,
      loads: l,
      ofTarget: l.map((v, k) => {
        const t = p.targets[r * m + k] ?? 0;
        return t > 0 ? v / t : Number.NaN;
      }),
      gained: gained[r] ?? 0,
      lost: lost[r] ?? 0,
      meanDistance: (units[r] ?? 0) > 0 ? (dist[r] ?? 0) / (units[r] ?? 1) : 0,
    });
  }
  return {
    valid: check.valid,
    issues: check.issues,
    objective: check.objective,
    terms: check.terms.map((t) => ({ name: t.name, weight: t.weight, value: t.value })),
    measures,
    meanDistance: distCount ? distSum / distCount : Number.NaN,
    anchoredAt: p.anchoredAt ?? "home",
    meanCentroidDistance: placed ? centroidSum / placed : Number.NaN,
    movedUnits: ownedUnits ? movedUnits / ownedUnits : 0,
    movedShare: Array.from({ length: m }, (_, k) =>
      (owned[k] ?? 0) > 0 ? (moved[k] ?? 0) / (owned[k] ?? 1) : 0,
    ),
    skillFit: tagged ? fit / tagged : Number.NaN,
    books,
  };
}
