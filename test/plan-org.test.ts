/**
 * The sales organisation's planning steps, in both solvers: a two-level plan (regions, then reps
 * within them), named accounts carved out first, overlay specialists over whole AE patches, and
 * disruption limits with the report of who lost what; coverage proves each plan has no gaps or
 * overlaps.
 */
import { describe, expect, it } from "vitest";
import { bookChanges, relationshipLocks } from "../src/core/org/book-changes.js";
import { checkCoverage } from "../src/core/org/coverage.js";
import { overlayLevel, regionProblem } from "../src/core/org/levels.js";
import { carveNamed } from "../src/core/org/named.js";
import { solveExact } from "../src/core/planning/exact.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { computeLoads, type PlanProblem } from "../src/core/planning/problem.js";
import type { PlanResult } from "../src/core/planning/result.js";
import { bookLimit } from "../src/core/planning/rules/book-limit.js";
import { groupTolerance } from "../src/core/planning/rules/group-tolerance.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { withinGroup } from "../src/core/planning/rules/within-group.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { highsSolver } from "../src/io/solver/highs.js";

const solvers: Record<string, (p: PlanProblem, rules: readonly PlanRule[]) => Promise<PlanResult>> =
  {
    milp: (p, rules) => solveExact(p, rules, highsSolver, { timeLimit: 20 }),
    heuristic: async (p, rules) => solveHeuristic(p, rules, { timeLimit: 0.5, seed: 3 }),
  };

/** Solve and insist on a valid plan, checked independently. */
async function plan(
  solve: (p: PlanProblem, rules: readonly PlanRule[]) => Promise<PlanResult>,
  p: PlanProblem,
  rules: readonly PlanRule[],
): Promise<Int32Array> {
  const res = await solve(p, rules);
  expect(res.issues).toEqual([]);
  const assign = res.assign ?? new Int32Array();
  expect(validatePlan(p, rules, assign).valid).toBe(true);
  return assign;
}

const ids = (p: PlanProblem, a: Int32Array) => Array.from(a, (r) => p.repIds?.[r] ?? `#${r}`);

describe.each(Object.entries(solvers))("sales organisation plans: %s", (_name, solve) => {
  it("two levels: regions first, then each rep's patch within its region and the region's band", async () => {
    const p = syntheticProblem({ n: 30, p: 4, seed: 21 });
    const repRegion = Int32Array.from([0, 0, 1, 1]);
    const rp = regionProblem(p, repRegion, ["west", "east"]);
    const unitRegion = await plan(solve, rp, standardRules(rp, 0.15));
    const rules = [
      ...standardRules(p, 0.35),
      withinGroup(p, unitRegion, repRegion, ["west", "east"]),
      ...p.measureNames.map((_, k) =>
        groupTolerance(p, repRegion, k, 0.15, ["west", "east"], "region"),
      ),
    ];
    const assign = await plan(solve, p, rules);
    for (let u = 0; u < p.n; u++) expect(repRegion[assign[u] ?? -1]).toBe(unitRegion[u]);
    // The region totals are the region plan's loads: within 15% of the regions' targets.
    const m = p.measureNames.length;
    const loads = computeLoads(p, assign);
    for (let g = 0; g < 2; g++)
      for (let k = 0; k < m; k++) {
        const l = (loads[2 * g * m + k] ?? 0) + (loads[(2 * g + 1) * m + k] ?? 0);
        const t = (p.targets[2 * g * m + k] ?? 0) + (p.targets[(2 * g + 1) * m + k] ?? 0);
        expect(Math.abs(l - t) / t).toBeLessThanOrEqual(0.15 + 1e-9);
      }
  });

  it("named accounts go to their owners first; a strategic rep takes nothing else; coverage is complete", async () => {
    const p = syntheticProblem({ n: 22, p: 4, seed: 22 });
    const named = new Int32Array(p.n).fill(-1);
    for (const u of [2, 9, 17, 20]) named[u] = 3;
    for (const u of [4, 11]) named[u] = 0;
    const carved = carveNamed(p, named, new Set([3]));
    expect(carved.problem.p).toBe(3);
    const sub = await plan(solve, carved.problem, standardRules(carved.problem, 0.5));
    const full = carved.merge(sub);
    for (let u = 0; u < p.n; u++) {
      if ((named[u] ?? -1) >= 0) expect(full[u]).toBe(named[u]);
      else expect(full[u]).not.toBe(3);
    }
    const reps = ids(p, full);
    const cov = checkCoverage(
      Array.from({ length: p.n }, (_, u) => ({ account_id: `#${u}`, roles: ["AE"] })),
      reps.map((rep_id, u) => ({ account_id: `#${u}`, rep_id, role: "AE" })),
      new Map(Array.from({ length: p.p }, (_, r) => [`#${r}`, "AE"])),
    );
    expect(cov.ok).toBe(true);
    expect(cov.covered).toBe(p.n);
  });

  it("overlay specialists cover whole AE patches, balanced among themselves", async () => {
    const p = syntheticProblem({ n: 36, p: 6, seed: 23 });
    const ae = await plan(solve, p, standardRules(p, 0.4));
    const lvl = overlayLevel(p, ae, 0, [
      { id: "OV1", x: 0, y: 0 },
      { id: "OV2", x: 100, y: 100 },
    ]);
    expect(lvl.problem.n).toBe(6);
    const ov = await plan(solve, lvl.problem, standardRules(lvl.problem, 0.5));
    const owners = lvl.owners(ov);
    const market = Array.from({ length: p.n }, (_, u) => ({
      account_id: `#${u}`,
      roles:
        (p.measures[u * p.measureNames.length] ?? 0) > 0 ? ["AE", "overlay:potential"] : ["AE"],
    }));
    const rows = [
      ...ids(p, ae).map((rep_id, u) => ({ account_id: `#${u}`, rep_id, role: "AE" })),
      ...Array.from(owners).flatMap((o, u) =>
        o >= 0
          ? [{ account_id: `#${u}`, rep_id: o === 0 ? "OV1" : "OV2", role: "overlay:potential" }]
          : [],
      ),
    ];
    const roles = new Map<string, string>([
      ...Array.from({ length: p.p }, (_, r) => [`#${r}`, "AE"] as [string, string]),
      ["OV1", "overlay:potential"],
      ["OV2", "overlay:potential"],
    ]);
    const cov = checkCoverage(market, rows, roles);
    expect(cov.issues).toEqual([]);
    // All of one AE's accounts of the line go to the same specialist.
    for (let r = 0; r < p.p; r++) {
      const mine = new Set(
        [...owners.keys()]
          .filter((u) => ae[u] === r && (owners[u] ?? -1) >= 0)
          .map((u) => owners[u]),
      );
      expect(mine.size).toBeLessThanOrEqual(1);
    }
  });

  it("disruption limits hold, relationship accounts stay, and the report shows who lost what", async () => {
    const p = syntheticProblem({ n: 24, p: 3, seed: 24, sigma: 0.6 });
    const rel = Array.from({ length: p.n }, (_, u) => u % 4 === 0);
    const rules = [
      ...standardRules(p, 0.4),
      bookLimit(p, 0.3, 0),
      locked(p, relationshipLocks(p, rel), "relationship account"),
    ];
    const assign = await plan(solve, p, rules);
    const changes = bookChanges(p, assign, 0);
    let lost = 0;
    let gained = 0;
    for (const c of changes) {
      expect(c.lost_share).toBeLessThanOrEqual(0.3 + 1e-9);
      expect(c.lost_value).toBeLessThanOrEqual(0.3 * c.book_value + 1e-6);
      expect(c.lost).toHaveLength(c.lost_accounts);
      lost += c.lost_accounts;
      gained += c.gained_accounts;
    }
    let moved = 0;
    for (let u = 0; u < p.n; u++) {
      if (rel[u] && (p.owner[u] ?? -1) >= 0) expect(assign[u]).toBe(p.owner[u]);
      if ((p.owner[u] ?? -1) >= 0 && assign[u] !== p.owner[u]) moved++;
    }
    expect(lost).toBe(moved);
    expect(gained).toBeGreaterThanOrEqual(lost);
  });
});

describe("within-group precheck", () => {
  it("names a region whose units must stay in it but that has no rep", async () => {
    const p = syntheticProblem({ n: 12, p: 2, seed: 25 });
    const unitRegion = Int32Array.from({ length: p.n }, (_, u) => (u < 3 ? 2 : 0));
    const rule = withinGroup(p, unitRegion, Int32Array.from([0, 1]), ["west", "east", "north"]);
    const res = await solvers.heuristic?.(p, [rule]);
    expect(res?.status).toBe("infeasible");
    expect(res?.issues[0]).toMatchObject({
      code: "region_without_reps",
      ids: { region: "north" },
      data: { units: 3 },
    });
  });
});
