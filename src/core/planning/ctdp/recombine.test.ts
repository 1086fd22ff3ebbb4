import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combinedLoad, construct } from "./construct.js";
import { evaluateSolution } from "./evaluate.js";
import { gridInstance } from "./grid.js";
import { mergeSplit } from "./recombine.js";
import { Rng } from "./rng.js";

describe("mergeSplit", () => {
  it("re-splits two neighbours into two connected territories or changes nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (rows, cols, p, seed) => {
          const inst = gridInstance({ rows, cols, p, seed, jitter: 0.6 });
          const load = combinedLoad(inst);
          const rng = new Rng(seed);
          const before = construct(inst, load, rng, 10);
          const a = rng.int(p);
          const after = before.slice();
          const changed = mergeSplit(inst, after, load, rng, a);
          const moved = new Set<number>();
          for (let u = 0; u < inst.n; u++) {
            if (after[u] !== before[u]) {
              moved.add(before[u] ?? -1);
              moved.add(after[u] ?? -1);
            }
          }
          if (!changed) {
            expect(Array.from(after)).toEqual(Array.from(before));
            return;
          }
          // Only territory a and one other change, and every territory stays connected.
          if (moved.size > 0) expect(moved.has(a)).toBe(true);
          expect(moved.size).toBeLessThanOrEqual(2);
          expect(evaluateSolution(inst, before).connected).toBe(true);
          const ev = evaluateSolution(inst, after);
          expect(ev.complete).toBe(true);
          expect(ev.connected).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("splits the union by load into two roughly equal halves", () => {
    const inst = gridInstance({ rows: 10, cols: 10, p: 2, seed: 9, jitter: 0 });
    const load = combinedLoad(inst);
    const assign = Int32Array.from({ length: 100 }, (_, u) => (u % 10 < 3 ? 0 : 1));
    let splits = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const next = assign.slice();
      if (!mergeSplit(inst, next, load, new Rng(seed), 0)) continue;
      splits++;
      let l0 = 0;
      for (let u = 0; u < 100; u++) if (next[u] === 0) l0 += load[u] ?? 0;
      // The cut halves the total load (2) up to the stray pieces moved across.
      expect(Math.abs(l0 - 1)).toBeLessThan(0.25);
      expect(evaluateSolution(inst, next).connected).toBe(true);
    }
    expect(splits).toBeGreaterThan(10);
  });
});
