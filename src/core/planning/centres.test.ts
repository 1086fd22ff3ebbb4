import { describe, expect, it } from "vitest";
import { territoryCentres } from "./centres.js";
import { solveHeuristic } from "./heuristic.js";
import { makeProblem, type PlanProblem } from "./problem.js";
import { planReport } from "./report.js";
import { standardRules } from "./rules/standard.js";
import { syntheticProblem } from "./synthetic.js";

/**
 * A synthetic market with a new team (no current owners) whose reps all live in one town: the
 * homes say nothing about where territories should lie.
 */
function clusteredHomes(anchors?: { x: Float64Array; y: Float64Array }): PlanProblem {
  const g = syntheticProblem({ n: 3000, p: 8, seed: 21 });
  return makeProblem({
    measureNames: g.measureNames,
    measures: g.measures,
    x: g.x,
    y: g.y,
    capacity: g.capacity,
    homeX: anchors?.x ?? Array.from({ length: g.p }, (_, r) => 100 + r),
    homeY: anchors?.y ?? Array.from({ length: g.p }, (_, r) => 120 - r),
    ...(anchors ? { anchoredAt: "centre" as const } : {}),
  });
}

describe("territory centres", () => {
  it("gives every rep its own centre inside the market", () => {
    const p = clusteredHomes();
    const c = territoryCentres(p, { seed: 1, compactness: 1, disruption: 0 });
    const keys = new Set(Array.from(c.x, (x, r) => `${x},${c.y[r]}`));
    expect(keys.size).toBe(p.p);
    for (let r = 0; r < p.p; r++) {
      expect(c.x[r]).toBeGreaterThanOrEqual(0);
      expect(c.x[r]).toBeLessThanOrEqual(1000);
    }
  });

  it("a rep is matched to the centre nearest its home when homes are spread out", () => {
    const p = syntheticProblem({ n: 2000, p: 5, seed: 4 });
    const c = territoryCentres(p, { seed: 2, compactness: 1, disruption: 0 });
    // The optimal matching is never worse in total home distance than any other pairing, in
    // particular than the reverse order.
    const total = (perm: (r: number) => number) => {
      let s = 0;
      for (let r = 0; r < p.p; r++)
        s += Math.hypot(
          (c.x[perm(r)] ?? 0) - (p.homeX[r] ?? 0),
          (c.y[perm(r)] ?? 0) - (p.homeY[r] ?? 0),
        );
      return s;
    };
    expect(total((r) => r)).toBeLessThanOrEqual(total((r) => p.p - 1 - r) + 1e-9);
  });

  it("shapes tighter territories than home distance when every rep lives in one town", () => {
    const home = clusteredHomes();
    const centre = clusteredHomes(
      territoryCentres(home, { seed: 1, compactness: 1, disruption: 0 }),
    );
    const shape = (p: PlanProblem) => {
      const rules = standardRules(p, 0.1);
      const res = solveHeuristic(p, rules, { timeLimit: 1.5, seed: 1 });
      expect(res.status).toBe("feasible");
      return planReport(p, rules, res.assign ?? new Int32Array(0));
    };
    const a = shape(home);
    const b = shape(centre);
    expect(b.anchoredAt).toBe("centre");
    expect(b.meanCentroidDistance).toBeLessThan(0.8 * a.meanCentroidDistance);
  });
});
