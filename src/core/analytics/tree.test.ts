import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SegmentStats } from "./facts.js";
import { facts } from "./test-facts.js";
import { buildTree } from "./tree.js";

const additive: (keyof SegmentStats)[] = [
  "accounts",
  "newWon",
  "newLost",
  "arr",
  "customers",
  "cohort",
  "openPipeline",
];

describe("segment tree", () => {
  it("every parent's statistics are the sums of its children's", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            a: fc.constantFrom("x", "y", "z"),
            b: fc.constantFrom("1", "2"),
            c: fc.constantFrom("p", "q", "r", "s"),
            won: fc.nat(5),
            lost: fc.nat(5),
            mrr: fc.nat(1000),
            ago: fc.nat(1000),
          }),
          { maxLength: 60 },
        ),
        (rows) => {
          const fs = rows.map((r, i) =>
            facts(`A${i}`, [r.a, r.b, r.c], {
              newWon: r.won,
              newLost: r.lost,
              mrrNow: r.mrr,
              mrrYearAgo: r.ago,
              openPipeline: r.won * 10,
            }),
          );
          const t = buildTree(fs, ["a", "b", "c"]);
          expect(t.nodes[0]?.stats.accounts).toBe(rows.length);
          for (let l = 0; l < t.levels.length - 1; l++) {
            for (const p of t.levels[l] ?? []) {
              const children = (t.levels[l + 1] ?? []).filter((i) => t.nodes[i]?.parent === p);
              for (const k of additive) {
                const sum = children.reduce(
                  (s, i) => s + ((t.nodes[i]?.stats[k] as number) ?? 0),
                  0,
                );
                expect(sum).toBeCloseTo((t.nodes[p]?.stats[k] as number) ?? 0, 6);
              }
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
