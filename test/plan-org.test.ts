/**
 * The sales organisation's planning steps, in both solvers: a two-level plan (regions, then reps
 * within them), named accounts carved out first, overlay specialists over whole AE patches, and
 * disruption limits with the report of who lost what; coverage proves each plan has no gaps or
 * overlaps.
 */
import { describe, expect, it } from "vitest";
import { asPaydirtError } from "../src/cli/exit.js";
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
import { buildScenario } from "../src/core/planning/scenario/build.js";
import { parseScenarioConfig } from "../src/core/planning/scenario/config.js";
import type { AccountInput, RepInput } from "../src/core/planning/scenario/inputs.js";
import { planOverlays } from "../src/core/planning/scenario/overlays.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { highsSolver } from "../src/io/solver/highs.js";
import { configOrgCase, configOverlayCase } from "./plan-cases.js";

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

describe.each(Object.entries(solvers))("org from a plan config: %s", (_name, solve) => {
  it("named accounts with their reps, the named-only rep with nothing else, patches and region loads within their region", async () => {
    const c = configOrgCase();
    const p = c.problem;
    const assign = await plan(solve, p, c.rules);
    const rep = (id: string) => p.repIds?.indexOf(id) ?? -1;
    const unit = (id: string) => p.unitIds?.indexOf(id) ?? -1;
    expect(assign[unit("A15")]).toBe(rep("R4"));
    expect(assign[unit("A03")]).toBe(rep("R2"));
    for (let u = 0; u < p.n; u++) if (u !== unit("A15")) expect(assign[u]).not.toBe(rep("R4"));
    // Accounts 0-5 name region west (reps R1, R2), 10-15 name East (R3, R4).
    for (let u = 0; u < p.n; u++) {
      const i = Number(p.unitIds?.[u]?.slice(1));
      if (i < 6) expect(["R1", "R2"]).toContain(p.repIds?.[assign[u] ?? -1]);
      if (i >= 10) expect(["R3", "R4"]).toContain(p.repIds?.[assign[u] ?? -1]);
    }
    const loads = computeLoads(p, assign);
    const m = p.measureNames.length;
    for (const [a, b] of [
      [0, 1],
      [2, 3],
    ] as const)
      for (let k = 0; k < m; k++) {
        const load = (loads[a * m + k] ?? 0) + (loads[b * m + k] ?? 0);
        const target = (p.targets[a * m + k] ?? 0) + (p.targets[b * m + k] ?? 0);
        expect(Math.abs(load - target)).toBeLessThanOrEqual(0.3 * target + 1e-9);
      }
    // The named-only rep's target is its named account; the others share the rest.
    expect(p.targets[rep("R4") * m + 1]).toBe(1);
    expect(p.targets[rep("R1") * m + 1]).toBeCloseTo(5, 9);
  });
});

describe.each(Object.entries(solvers))("overlays from a plan config: %s", (_name, solve) => {
  it("specialists take whole AE patches of their line, balanced within their band, and coverage proves no gap or overlap", async () => {
    const c = configOverlayCase();
    const model = buildScenario(c.config, c.accounts, c.reps);
    const p = model.problem;
    // The specialists take no territory.
    expect(p.repIds).toEqual(["R1", "R2", "R3", "R4", "R5", "R6"]);
    const assign = await plan(solve, p, model.rules);
    const plans = await planOverlays(model, c.config, assign, solve);
    expect(plans.ok).toBe(true);
    expect(plans.coverage.issues).toEqual([]);
    // 30 territory pairs and 20 security pairs (accounts with sec > 0), each owned once.
    expect(plans.coverage.required).toBe(50);
    expect(plans.coverage.covered).toBe(50);
    const [o] = plans.overlays;
    expect(o?.role).toBe("overlay:security");
    expect(o?.aes.length).toBe(6);
    expect(new Set(o?.specialistOf)).toEqual(new Set([0, 1]));
    // Each specialist's security value and account count within +-40% of its half.
    const m = 2;
    for (let s = 0; s < 2; s++)
      for (let k = 0; k < m; k++) {
        const t = o?.targets[s * m + k] ?? 0;
        expect(Math.abs((o?.loads[s * m + k] ?? 0) - t)).toBeLessThanOrEqual(0.4 * t + 1e-9);
      }
    // The coverage check sees a planted overlap and a planted gap in the same rows.
    const market = c.accounts.map((a) => ({
      account_id: a.id,
      roles: (a.values.sec ?? 0) > 0 ? ["territory", "overlay:security"] : ["territory"],
    }));
    const rows = c.accounts.flatMap((a, i) => {
      const ae = p.repIds?.[assign[i] ?? -1] ?? "";
      const s = o?.specialists[o.specialistOf[o.aes.indexOf(ae)] ?? -1];
      return [
        { account_id: a.id, rep_id: ae, role: "territory" },
        ...((a.values.sec ?? 0) > 0 && s
          ? [{ account_id: a.id, rep_id: s, role: "overlay:security" }]
          : []),
      ];
    });
    const roles = new Map<string, string>([
      ...(p.repIds ?? []).map((id) => [id, "territory"] as [string, string]),
      ["S1", "overlay:security"],
      ["S2", "overlay:security"],
    ]);
    expect(checkCoverage(market, rows, roles).ok).toBe(true);
    const planted = rows.filter((r) => !(r.account_id === "A00" && r.role === "overlay:security"));
    planted.push({ account_id: "A01", rep_id: "S1", role: "overlay:security" });
    planted.push({ account_id: "A01", rep_id: "S2", role: "overlay:security" });
    const broken = checkCoverage(market, planted, roles);
    expect(broken.gaps).toEqual([{ account_id: "A00", role: "overlay:security" }]);
    expect(broken.overlaps.map((x) => x.account_id)).toEqual(["A01"]);
  });
});

describe("org in a plan config: bad input", () => {
  const base = { measures: [{ name: "accounts", count: true }] };
  const accounts: AccountInput[] = ["A1", "A2"].map((id) => ({
    id,
    owner: null,
    latitude: 40,
    longitude: -100,
    tag: null,
    area: "01001",
    values: {},
    openOpportunity: false,
  }));
  const reps: RepInput[] = ["R1", "R2"].map((id) => ({
    id,
    name: null,
    capacity: 1,
    latitude: null,
    longitude: null,
    skills: [],
  }));
  const parse = (org: object, extra: object = {}) =>
    parseScenarioConfig({ ...base, ...extra, org });
  const build = (org: object) => {
    const c = parse(org);
    if (!c.ok) throw new Error("config");
    try {
      buildScenario(c.config, accounts, reps);
    } catch (e) {
      return asPaydirtError(e).issues[0];
    }
    return undefined;
  };

  it("names the config entry at fault, before anything is solved or stored", () => {
    const twice = parse({ regions: { a: ["R1"], b: ["R1", "R2"] } });
    expect(twice.ok ? [] : twice.issues).toEqual([
      expect.objectContaining({
        code: "org_rep_in_two_teams",
        path: { json: ["org", "regions", "b", 0] },
        ids: { rep_id: "R1" },
      }),
    ]);
    const dup = parse({
      named: [
        { account: "A1", rep: "R1" },
        { account: "A1", rep: "R2" },
      ],
    });
    expect(dup.ok ? [] : dup.issues[0]?.message).toMatch(/A1 is listed twice/);
    expect(dup.ok ? undefined : dup.issues[0]).toMatchObject({
      code: "org_named_duplicate",
      path: { json: ["org", "named", 1, "account"] },
      ids: { account_id: "A1" },
    });
    const areas = parse({ named: [{ account: "A1", rep: "R1" }] }, { units: "counties" });
    expect(areas.ok ? [] : areas.issues[0]?.path?.json).toEqual(["org", "named"]);
    const typo = parse({ regionz: "team" });
    expect(typo.ok ? undefined : typo.issues[0]?.message).toMatch(/did you mean "regions"/);
    expect(build({ named: [{ account: "A9", rep: "R1" }] })).toMatchObject({
      code: "org_named_unknown_account",
      path: { json: ["org", "named", 0, "account"] },
    });
    expect(build({ named: [{ account: "A1", rep: "R9" }] })?.code).toBe("org_named_unknown_rep");
    expect(build({ namedOnly: ["R9"] })?.code).toBe("org_unknown_rep");
    expect(build({ regions: { a: ["R1"] } })).toMatchObject({
      code: "org_rep_without_region",
      ids: { rep_id: "R2" },
    });
    expect(build({ regions: "team" })?.code).toBe("org_rep_without_region");
  });

  it("overlays: a product line or specialist listed twice, a specialist with territory, an unknown specialist", () => {
    const line = (product: string, specialists: string[]) => ({
      product,
      column: "sec",
      specialists,
    });
    const paths = (org: object) => {
      const r = parse(org);
      return r.ok ? [] : r.issues.map((i) => [i.code, i.path?.json, i.message]);
    };
    expect(paths({ overlays: [line("security", ["R1"]), line("security", ["R2"])] })).toEqual([
      [
        "overlay_duplicate",
        ["org", "overlays", 1, "product"],
        "product line security is listed twice (overlays[0] and overlays[1])",
      ],
    ]);
    expect(paths({ overlays: [line("security", ["R1"]), line("cloud", ["R1"])] })).toEqual([
      [
        "overlay_duplicate",
        ["org", "overlays", 1, "specialists", 0],
        "specialist R1 is listed twice (overlays[0] and overlays[1])",
      ],
    ]);
    expect(paths({ namedOnly: ["R2"], overlays: [line("security", ["R2"])] })[0]).toEqual([
      "overlay_specialist_territory",
      ["org", "overlays", 0, "specialists", 0],
      "specialist R2 also takes territory (org.namedOnly): an overlay specialist covers AE patches only",
    ]);
    expect(paths({ overlays: [{ ...line("security", []) }] })[0]?.[1]).toEqual([
      "org",
      "overlays",
      0,
      "specialists",
    ]);
    const typo = parse({ overlays: [{ ...line("security", ["R1"]), colum: "x" }] });
    expect(typo.ok ? undefined : typo.issues[0]?.message).toMatch(/did you mean "column"/);
    expect(build({ overlays: [line("security", ["R1", "R9"])] })).toMatchObject({
      code: "org_unknown_rep",
      path: { json: ["org", "overlays", 0, "specialists", 1] },
      ids: { rep_id: "R9" },
    });
  });
});
