import { describe, expect, it } from "vitest";
import { Rng } from "../ctdp/rng.js";
import { syntheticProblem } from "../synthetic.js";
import { groupTolerance } from "./group-tolerance.js";

describe("group tolerance guard", () => {
  it("answers as a full recomputation would, move after move (incremental group loads)", () => {
    for (const seed of [1, 2, 3]) {
      const p = syntheticProblem({ n: 300, p: 6, seed });
      const groups = Int32Array.from([0, 0, 1, 1, 2, 2]);
      const guard = groupTolerance(p, groups, 0, 0.1).guard;
      if (!guard) throw new Error("no guard");
      const rng = new Rng(seed);
      const assign = Int32Array.from(p.owner);
      guard.sync?.(assign);
      let allowed = 0;
      let refused = 0;
      for (let step = 0; step < 3000; step++) {
        if (step % 500 === 499) {
          // A bulk change (as a repair makes), then the search's sync.
          for (let i = 0; i < 20; i++) assign[rng.int(p.n)] = rng.int(p.p);
          guard.sync?.(assign);
        }
        const u = rng.int(p.n);
        const from = assign[u] ?? 0;
        const to = rng.int(p.p);
        if (to === from) continue;
        // A fresh rule knows nothing of the moves before: it computes the loads from scratch.
        const fresh = groupTolerance(p, groups, 0, 0.1).guard;
        const want = fresh?.canMove(u, from, to, assign);
        expect(guard.canMove(u, from, to, assign)).toBe(want);
        // Apply some refused moves too (a kick), so the loads leave their bands and come back.
        if (want || rng.next() < 0.3) {
          assign[u] = to;
          guard.moved?.(u, from, to, assign);
        }
        if (want) allowed++;
        else refused++;
      }
      expect(allowed).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
    }
  });

  it("notices a unit moved behind its back and recomputes", () => {
    const p = syntheticProblem({ n: 50, p: 4, seed: 9 });
    const groups = Int32Array.from([0, 0, 1, 1]);
    const guard = groupTolerance(p, groups, 0, 0.05).guard;
    const assign = new Int32Array(p.n).fill(2); // everything in group 1: far over its band
    // Moving a unit out of group 1 (over its band) into group 0 (empty, under) helps.
    expect(guard?.canMove(0, 2, 0, assign)).toBe(true);
    assign[0] = 0;
    guard?.moved?.(0, 2, 0, assign);
    expect(guard?.canMove(1, 2, 0, assign)).toBe(true);
    // Silently put every unit in group 0 instead (no sync): unit 1's rep differs from what the
    // loads say, so they are recomputed and moving it to group 1 now helps (the stale loads, with
    // group 1 over its band, would refuse it).
    assign.fill(0);
    expect(guard?.canMove(1, 0, 2, assign)).toBe(true);
  });
});
