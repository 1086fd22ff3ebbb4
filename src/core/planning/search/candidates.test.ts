import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syntheticProblem } from "../synthetic.js";
import { buildCandidates } from "./candidates.js";

/** Indices 0..m-1 ordered by a distance function (brute force, for checking). */
function nearest(m: number, dist: (i: number) => number): number[] {
  return Array.from({ length: m }, (_, i) => i).sort((a, b) => dist(a) - dist(b));
}

describe("buildCandidates", () => {
  it("lists each unit's nearest reps and owner, and each rep reaches the units nearest its home", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 50, max: 400 }),
        fc.integer({ min: 4, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, n, p, K) => {
          const pr = syntheticProblem({ n, p, seed });
          // Every rep may take every unit except those with u % 7 === r % 7 (a skill-like rule).
          const allows = (u: number, r: number) => u % 7 !== r % 7;
          const c = buildCandidates(pr, allows, () => -1, K);
          const list = (u: number) => Array.from(c.cand.subarray(c.start[u], c.start[u + 1]));
          const hd = (u: number, r: number) =>
            Math.hypot((pr.x[u] ?? 0) - (pr.homeX[r] ?? 0), (pr.y[u] ?? 0) - (pr.homeY[r] ?? 0));
          for (let u = 0; u < n; u++) {
            const l = list(u);
            expect(new Set(l).size).toBe(l.length);
            for (const r of l) expect(allows(u, r)).toBe(true);
            const eligible = nearest(p, (r) => hd(u, r)).filter((r) => allows(u, r));
            for (const r of eligible.slice(0, K)) expect(l).toContain(r);
            const o = pr.owner[u] ?? -1;
            if (allows(u, o)) expect(l).toContain(o);
          }
          if (p > K) {
            const reach = Math.ceil((2 * n) / p);
            for (let r = 0; r < p; r++)
              for (const u of nearest(n, (v) => hd(v, r)).slice(0, reach))
                if (allows(u, r)) expect(list(u)).toContain(r);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps a fixed unit with its fixed rep only, and reports units no rep may take", () => {
    const pr = syntheticProblem({ n: 200, p: 20, seed: 3 });
    const c = buildCandidates(
      pr,
      (u, r) => u !== 5 && !(u === 9 && r !== 2),
      (u) => (u === 9 ? 2 : u === 11 ? 4 : -1),
      5,
    );
    expect(c.orphans).toEqual([5]);
    expect(Array.from(c.cand.subarray(c.start[9], c.start[10]))).toEqual([2]);
    expect(Array.from(c.cand.subarray(c.start[11], c.start[12]))).toEqual([4]);
  });
});
