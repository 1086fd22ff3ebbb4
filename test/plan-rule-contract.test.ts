/**
 * The rule contract suite: every planning rule, on random problems and random assignments,
 * - its check value (x weight) equals its cost in the local search, and the optimum of its MILP
 *   with the assignment fixed (objectives); a constraint costs nothing in the search and its MILP
 *   is feasible exactly when its check reports no violation (search penalty > 0 iff violated, for
 *   rules with load limits);
 * - `allows` and `fixedRep` agree with the violations it reports.
 * A new rule file in src/core/planning/rules/ must be added to RULES (a test checks).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formulate } from "../src/core/planning/milp/formulate.js";
import type { MilpModel } from "../src/core/planning/milp/model.js";
import { computeLoads, makeProblem, type PlanProblem } from "../src/core/planning/problem.js";
import { balance } from "../src/core/planning/rules/balance.js";
import { bookLimit } from "../src/core/planning/rules/book-limit.js";
import { compactness } from "../src/core/planning/rules/compactness.js";
import { contiguity } from "../src/core/planning/rules/contiguity.js";
import { disruption } from "../src/core/planning/rules/disruption.js";
import { groupTolerance } from "../src/core/planning/rules/group-tolerance.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { requiredSkills } from "../src/core/planning/rules/skills.js";
import { tolerance } from "../src/core/planning/rules/tolerance.js";
import { withinGroup } from "../src/core/planning/rules/within-group.js";
import { searchContext, searchCost } from "../src/core/planning/search/context.js";
import { highsSolver } from "../src/io/solver/highs.js";

/** A rule factory per rule file, fed by the random draws of a case. */
const RULES: Readonly<Record<string, (p: PlanProblem, d: Draws) => PlanRule>> = {
  balance: (p, d) => balance(p, d.measures, d.weight),
  compactness: (p, d) => compactness(p, d.weight, d.by),
  contiguity: (p) => contiguity(p),
  disruption: (p, d) => disruption(p, d.weight, d.by, -1),
  locked: (p, d) =>
    locked(p, Int32Array.from(d.locks.slice(0, p.n).map((r) => (r < p.p ? r : -1)))),
  skills: (p) => requiredSkills(p, ["a"]),
  tolerance: (p, d) => tolerance(p, Math.max(0, d.by), d.tol),
  "within-group": (p) => withinGroup(p, Int32Array.from(p.tag), evenOdd(p)),
  "group-tolerance": (p, d) => groupTolerance(p, evenOdd(p), Math.max(0, d.by), d.tol),
  "book-limit": (p, d) => bookLimit(p, d.tol, d.by),
};
/** Reps in two groups (even, odd): a level above the reps. */
function evenOdd(p: PlanProblem): Int32Array {
  return Int32Array.from({ length: p.p }, (_, r) => r % 2);
}
/** Files in rules/ that hold shared pieces, not a rule. */
const NOT_RULES = ["rule", "load-row", "assignment-cost", "standard"];

interface Draws {
  readonly measures: number[];
  readonly weight: number;
  readonly by: number;
  readonly tol: number;
  readonly locks: number[];
}

const problemArb = fc
  .record({
    n: fc.integer({ min: 4, max: 8 }),
    p: fc.integer({ min: 2, max: 3 }),
    seedValues: fc.array(fc.double({ min: 0.5, max: 5, noNaN: true }), {
      minLength: 16,
      maxLength: 16,
    }),
    coords: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), {
      minLength: 22,
      maxLength: 22,
    }),
    owners: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 8, maxLength: 8 }),
    tags: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 8, maxLength: 8 }),
    skills: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    capacity: fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), {
      minLength: 3,
      maxLength: 3,
    }),
    extraEdges: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }),
  })
  .map((d) => {
    const { n, p } = d;
    const edges: number[] = [];
    for (let u = 0; u + 1 < n; u++) edges.push(u, u + 1);
    for (let i = 0; i + 1 < d.extraEdges.length; i += 2)
      edges.push((d.extraEdges[i] ?? 0) % n, (d.extraEdges[i + 1] ?? 0) % n);
    return makeProblem({
      measureNames: ["potential", "work"],
      measures: d.seedValues.slice(0, 2 * n),
      x: d.coords.slice(0, n),
      y: d.coords.slice(8, 8 + n),
      owner: d.owners.slice(0, n).map((o) => (o < p ? o : -1)),
      tag: d.tags.slice(0, n),
      tagNames: ["a", "b"],
      capacity: d.capacity.slice(0, p),
      homeX: d.coords.slice(16, 16 + p),
      homeY: d.coords.slice(19, 19 + p),
      skills: Array.from({ length: p }, (_, r) => (d.skills[r] ? [0, 1] : [1])),
      edges,
    });
  });

const drawsArb: fc.Arbitrary<Draws> = fc.record({
  measures: fc.constantFrom([0], [1], [0, 1]),
  weight: fc.double({ min: 0.1, max: 3, noNaN: true }),
  by: fc.integer({ min: -1, max: 1 }),
  tol: fc.double({ min: 0.05, max: 0.8, noNaN: true }),
  locks: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 8, maxLength: 8 }),
});

const caseArb = fc
  .tuple(
    problemArb,
    drawsArb,
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }),
  )
  .map(([p, d, a]) => ({ p, d, assign: Int32Array.from(a.slice(0, p.n), (r) => r % p.p) }));

/** The rule's MILP with every assignment column fixed to `assign`; undefined when it uses a forbidden pair. */
function fixed(p: PlanProblem, rule: PlanRule, assign: Int32Array): MilpModel | undefined {
  const f = formulate(p, [rule]);
  const lower = Float64Array.from(f.model.colLower);
  const upper = Float64Array.from(f.model.colUpper);
  for (let u = 0; u < p.n; u++) {
    if ((f.cols[u * p.p + (assign[u] ?? 0)] ?? -1) < 0) return undefined;
    for (let r = 0; r < p.p; r++) {
      const j = f.cols[u * p.p + r] ?? -1;
      if (j < 0) continue;
      const v = assign[u] === r ? 1 : 0;
      lower[j] = v;
      upper[j] = v;
    }
  }
  return { ...f.model, colLower: lower, colUpper: upper };
}

const close = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe("rule contract", () => {
  it("covers every rule file", () => {
    const files = readdirSync(join(import.meta.dirname, "..", "src", "core", "planning", "rules"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => f.slice(0, -3))
      .filter((f) => !NOT_RULES.includes(f));
    expect(files.sort()).toEqual(Object.keys(RULES).sort());
  });

  for (const [name, make] of Object.entries(RULES)) {
    it(`${name}: check = search cost = fixed MILP; allows/fixedRep agree with violations`, async () => {
      const seen = { violated: 0, held: 0, milp: 0 };
      await fc.assert(
        fc.asyncProperty(caseArb, async ({ p, d, assign }) => {
          const rule = make(p, d);
          const check = rule.check(assign, computeLoads(p, assign));
          const violated = check.violations.length > 0;
          seen[violated ? "violated" : "held"]++;
          for (const v of check.violations) expect(v.severity).toBe("error");
          // Search cost.
          const search = searchCost(searchContext(p, [rule], p.p), assign).cost;
          if (rule.kind === "objective") {
            expect(violated).toBe(false);
            expect(close(search, rule.weight * check.value)).toBe(true);
          } else {
            expect(check.value).toBe(0);
            if (rule.load) expect(search > 0).toBe(violated);
            else expect(search).toBe(0);
          }
          // allows / fixedRep against the violations.
          let breaks = false;
          for (let u = 0; u < p.n; u++) {
            const r = assign[u] ?? 0;
            if (rule.allows && !rule.allows(u, r)) breaks = true;
            const f = rule.fixedRep?.(u) ?? -1;
            if (f >= 0 && f !== r) breaks = true;
            if (f >= 0 && rule.allows) expect(rule.allows(u, f)).toBe(true);
          }
          if (rule.allows || rule.fixedRep) expect(violated).toBe(breaks);
          // The MILP with the assignment fixed.
          const model = fixed(p, rule, assign);
          if (!model) {
            expect(violated).toBe(true);
            return;
          }
          const res = await highsSolver(model, { timeLimit: 10 });
          seen.milp++;
          if (violated) expect(res.status).toBe("infeasible");
          else {
            expect(res.status).toBe("optimal");
            expect(close(res.objective ?? Number.NaN, rule.weight * check.value)).toBe(true);
          }
        }),
        { numRuns: 25, seed: 16 },
      );
      // The cases exercised both outcomes (constraints) and the MILP.
      expect(seen.held).toBeGreaterThan(0);
      expect(seen.milp).toBeGreaterThan(0);
      const make0 = make(
        makeProblem({ measureNames: ["m"], measures: [1], x: [0], y: [0], capacity: [1] }),
        {
          measures: [0],
          weight: 1,
          by: 0,
          tol: 0.1,
          locks: [-1],
        },
      );
      if (make0.kind === "constraint") expect(seen.violated).toBeGreaterThan(0);
    }, 60_000);
  }
});
