import { describe, expect, it } from "vitest";
import { makeProblem } from "../problem.js";
import { contiguity } from "../rules/contiguity.js";
import { standardRules } from "../rules/standard.js";
import { syntheticProblem } from "../synthetic.js";
import { bisectionStart } from "./bisect.js";
import { searchContext } from "./context.js";
import { shares } from "./regions.js";

describe("bisection start", () => {
  it("cuts a grid of heavy-tailed areas into connected territories near every rep's share", () => {
    for (const [seed, p] of [
      [1, 8],
      [2, 13],
      [3, 30],
    ] as const) {
      const g = syntheticProblem({ n: 1600, p, seed, grid: true, sigma: 1.2 });
      const edges: number[] = [];
      const adj = g.adjacency;
      for (let u = 0; u < g.n; u++)
        for (let j = adj?.offsets[u] ?? 0; j < (adj?.offsets[u + 1] ?? 0); j++) {
          const v = adj?.neighbors[j] ?? 0;
          if (u < v) edges.push(u, v);
        }
      // Unequal capacities, so the two halves of each cut differ.
      const problem = makeProblem({
        measureNames: g.measureNames,
        measures: g.measures,
        x: g.x,
        y: g.y,
        owner: g.owner,
        capacity: Array.from({ length: p }, (_, r) => 1 + (r % 3) * 0.25),
        homeX: g.homeX,
        homeY: g.homeY,
        edges,
      });
      const rules = [...standardRules(problem, 0.1), contiguity(problem)];
      const ctx = searchContext(problem, rules, 10);
      const assign = bisectionStart(ctx);
      const contig = rules[rules.length - 1]?.check(assign, new Float64Array(0));
      expect(contig?.violations).toEqual([]);
      const { load, target } = shares(ctx);
      const got = new Float64Array(p);
      for (let u = 0; u < problem.n; u++)
        got[assign[u] ?? 0] = (got[assign[u] ?? 0] ?? 0) + (load[u] ?? 0);
      // The best matching of whole territories to reps may pair them a little off their sizes.
      for (let r = 0; r < p; r++) {
        expect(got[r] ?? 0).toBeGreaterThan(0.93 * (target[r] ?? 0));
        expect(got[r] ?? 0).toBeLessThan(1.07 * (target[r] ?? 0));
      }
    }
  });
});
