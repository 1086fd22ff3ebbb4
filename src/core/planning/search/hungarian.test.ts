import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hungarian } from "./hungarian.js";

/** Cheapest assignment by trying every permutation (small n only). */
function bruteForce(cost: Float64Array, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  const perm = Array.from({ length: n }, (_, i) => i);
  const rec = (i: number, acc: number) => {
    if (i === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let k = i; k < n; k++) {
      [perm[i], perm[k]] = [perm[k] ?? 0, perm[i] ?? 0];
      rec(i + 1, acc + (cost[i * n + (perm[i] ?? 0)] ?? 0));
      [perm[i], perm[k]] = [perm[k] ?? 0, perm[i] ?? 0];
    }
  };
  rec(0, 0);
  return best;
}

describe("hungarian", () => {
  it("finds a permutation of minimum total cost (checked against brute force)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.integer({ min: -50, max: 100 }), { minLength: n * n, maxLength: n * n }),
            ),
          ),
        ([n, values]) => {
          const cost = Float64Array.from(values);
          const col = hungarian(cost, n);
          expect(new Set(col).size).toBe(n);
          let total = 0;
          for (let i = 0; i < n; i++) total += cost[i * n + (col[i] ?? 0)] ?? 0;
          expect(total).toBe(bruteForce(cost, n));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("avoids a forbidden (huge) entry when a finite assignment exists", () => {
    const cost = Float64Array.from([1e12, 1, 1, 1e12]);
    expect([...hungarian(cost, 2)]).toEqual([1, 0]);
  });
});
