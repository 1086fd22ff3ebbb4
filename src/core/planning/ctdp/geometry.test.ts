import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convexHull, farthestPair, hullWithout } from "./geometry.js";

/** Hull vertices as sorted coordinate strings (ids of duplicate points may differ). */
function sortedSet(list: readonly number[], x: Float64Array, y: Float64Array): string[] {
  return list.map((v) => `${x[v]},${y[v]}`).sort();
}

describe("hullWithout", () => {
  it("equals the hull recomputed from scratch after dropping a hull vertex", () => {
    fc.assert(
      fc.property(
        // Small integer coordinates: many collinear and duplicate points.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.nat(),
        (pts, pick) => {
          const x = Float64Array.from(pts, (p) => p[0]);
          const y = Float64Array.from(pts, (p) => p[1]);
          const members = pts.map((_, i) => i);
          const hull = convexHull(x, y, members);
          const u = hull[pick % hull.length] ?? 0;
          const rest = members.filter((v) => v !== u);
          const fast = hullWithout(x, y, hull, members, u);
          const slow = convexHull(x, y, rest);
          expect(sortedSet(fast, x, y)).toEqual(sortedSet(slow, x, y));
          expect(farthestPair(x, y, fast).d2).toBe(farthestPair(x, y, rest).d2);
        },
      ),
      { numRuns: 400 },
    );
  });
});
