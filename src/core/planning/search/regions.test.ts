import { describe, expect, it } from "vitest";
import { makeProblem, type PlanProblem } from "../problem.js";
import { contiguity } from "../rules/contiguity.js";
import { standardRules } from "../rules/standard.js";
import { syntheticProblem } from "../synthetic.js";
import { searchContext, searchCost } from "./context.js";
import { regionStart, shares } from "./regions.js";

/**
 * A grid of areas whose reps all live in one corner (as when a team sits in a few metros) and
 * whose potential is heavy-tailed: the plan the Lagrangian prices suggest ignores contiguity, and
 * repairing it leaves a few territories with most of the map.
 */
function cornerHomes(n: number, p: number, seed: number): PlanProblem {
  const g = syntheticProblem({ n, p, seed, grid: true, sigma: 1.2 });
  const x = Array.from(g.x);
  const y = Array.from(g.y);
  return makeProblem({
    measureNames: g.measureNames,
    measures: g.measures,
    x,
    y,
    owner: g.owner,
    capacity: Array.from({ length: p }, (_, r) => 1 + (r % 3) * 0.25),
    homeX: Array.from({ length: p }, (_, r) => 40 + r * 9),
    homeY: Array.from({ length: p }, (_, r) => 30 + (r % 2) * 12),
    edges: edgesOf(g),
  });
}

function edgesOf(g: PlanProblem): number[] {
  const out: number[] = [];
  const adj = g.adjacency;
  if (!adj) return out;
  for (let u = 0; u < g.n; u++)
    for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
      const v = adj.neighbors[j] ?? 0;
      if (u < v) out.push(u, v);
    }
  return out;
}

describe("region start", () => {
  it("grows connected territories, every rep within reach of its target share", () => {
    const p = cornerHomes(900, 8, 5);
    const rules = [...standardRules(p, 0.1), contiguity(p)];
    const ctx = searchContext(p, rules, 10);
    const assign = regionStart(ctx, 1, Date.now() + 5000);
    const contig = rules[rules.length - 1]?.check(assign, new Float64Array(0));
    expect(contig?.violations).toEqual([]);
    const { load, target } = shares(ctx);
    const got = new Float64Array(p.p);
    for (let u = 0; u < p.n; u++) got[assign[u] ?? 0] = (got[assign[u] ?? 0] ?? 0) + (load[u] ?? 0);
    for (let r = 0; r < p.p; r++) {
      expect(got[r] ?? 0).toBeGreaterThan(0.6 * (target[r] ?? 0));
      expect(got[r] ?? 0).toBeLessThan(1.4 * (target[r] ?? 0));
    }
  });

  it("re-matching whole territories never costs more than the territories as grown", () => {
    const p = cornerHomes(400, 6, 9);
    const rules = [...standardRules(p, 0.1), contiguity(p)];
    const ctx = searchContext(p, rules, 10);
    const assign = regionStart(ctx, 3, Date.now() + 5000);
    // Any relabelling of the territories (here: rotate them by one rep) costs at least as much.
    const rotated = Int32Array.from(assign, (r) => (r + 1) % p.p);
    expect(searchCost(ctx, assign).cost).toBeLessThanOrEqual(searchCost(ctx, rotated).cost + 1e-9);
  });
});
