import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combinedLoad, construct } from "./construct.js";
import { evaluateSolution } from "./evaluate.js";
import { gridInstance } from "./grid.js";
import type { CtdpInstance } from "./instance.js";
import { Partition } from "./partition.js";
import { Rng } from "./rng.js";

/** Reference test: is territory k without unit u non-empty and connected? (plain BFS) */
function connectedWithout(inst: CtdpInstance, assign: Int32Array, k: number, u: number): boolean {
  const list: number[] = [];
  for (let v = 0; v < inst.n; v++) if (assign[v] === k && v !== u) list.push(v);
  const first = list[0];
  if (first === undefined) return false;
  const seen = new Set([first]);
  const stack = [first];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let j = inst.adjStart[v] ?? 0; j < (inst.adjStart[v + 1] ?? 0); j++) {
      const z = inst.adj[j] ?? 0;
      if (z !== u && assign[z] === k && !seen.has(z)) {
        seen.add(z);
        stack.push(z);
      }
    }
  }
  return seen.size === list.length;
}

function expectConsistent(part: Partition, inst: CtdpInstance): void {
  const ev = evaluateSolution(inst, part.assign);
  expect(ev.complete).toBe(true);
  for (let k = 0; k < inst.p; k++) {
    expect(part.diam[k]).toBeCloseTo(ev.diameters[k] ?? -1, 9);
    for (let a = 0; a < 3; a++)
      expect(part.wsum[k * 3 + a]).toBeCloseTo(ev.weights[k * 3 + a] ?? -1, 6);
    const members = (part.members[k] ?? []).slice().sort((x, y) => x - y);
    const expected: number[] = [];
    for (let u = 0; u < inst.n; u++) if (part.assign[u] === k) expected.push(u);
    expect(members).toEqual(expected);
  }
  expect(part.totalExcess()).toBeCloseTo(ev.balanceExcess, 6);
  expect(part.maxDiam()).toBeCloseTo(ev.diameter, 9);
}

describe("Partition incremental bookkeeping", () => {
  it("agrees with recomputation after random connectivity-preserving moves", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 8 }),
        fc.integer({ min: 3, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat()),
          {
            maxLength: 60,
          },
        ),
        (rows, cols, p, seed, moves) => {
          const inst = gridInstance({ rows, cols, p, seed, jitter: 0.6 });
          const part = new Partition(inst, construct(inst, combinedLoad(inst), new Rng(seed), 10));
          expectConsistent(part, inst);
          for (const [f, pick] of moves) {
            const u = Math.floor(f * inst.n);
            const a = part.assign[u] ?? 0;
            const targets: number[] = [];
            for (let j = inst.adjStart[u] ?? 0; j < (inst.adjStart[u + 1] ?? 0); j++) {
              const b = part.assign[inst.adj[j] ?? 0] ?? 0;
              if (b !== a && !targets.includes(b)) targets.push(b);
            }
            const can = part.canRemove(u);
            expect(can).toBe(connectedWithout(inst, part.assign, a, u));
            if (!can || targets.length === 0) continue;
            const b = targets[pick % targets.length] ?? 0;
            const predictedA = part.diamAfterRemove(u);
            const predictedB = part.diamAfterAdd(u, b);
            const predictedExcess = part.excessOf(a, u, -1) + part.excessOf(b, u, 1);
            part.move(u, b);
            expect(part.diam[a]).toBeCloseTo(predictedA, 9);
            expect(part.diam[b]).toBeCloseTo(predictedB, 9);
            expect((part.excess[a] ?? 0) + (part.excess[b] ?? 0)).toBeCloseTo(predictedExcess, 9);
            expectConsistent(part, inst);
            expect(evaluateSolution(inst, part.assign).connected).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("finds a path from an interior far endpoint to the territory boundary", () => {
    const inst = gridInstance({ rows: 6, cols: 6, p: 2, seed: 3, jitter: 0 });
    // Left two columns are territory 0, the rest territory 1.
    const assign = Array.from({ length: 36 }, (_, u) => (u % 6 < 2 ? 0 : 1));
    const part = new Partition(inst, assign);
    const path: number[] = [];
    const to = part.pathToBoundary(0, 10, path);
    expect(to).toBe(1);
    expect(path[0]).toBe(0);
    const last = path[path.length - 1] ?? -1;
    expect(last % 6).toBe(1);
    expect(part.pathToBoundary(0, 1, path)).toBe(-1);
  });
});
