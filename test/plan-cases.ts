import { overlayLevelOf } from "../src/core/org/levels.js";
import type { PlanProblem } from "../src/core/planning/problem.js";
import { bookLimit } from "../src/core/planning/rules/book-limit.js";
import { contiguity } from "../src/core/planning/rules/contiguity.js";
import { groupTolerance } from "../src/core/planning/rules/group-tolerance.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { requiredSkills } from "../src/core/planning/rules/skills.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { withinGroup } from "../src/core/planning/rules/within-group.js";
import { buildScenario } from "../src/core/planning/scenario/build.js";
import { parseScenarioConfig, type ScenarioConfig } from "../src/core/planning/scenario/config.js";
import type { AccountInput, RepInput } from "../src/core/planning/scenario/inputs.js";
import { overlayRules } from "../src/core/planning/scenario/overlays.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";

/** A named test instance: a problem and its rules. */
export interface PlanCase {
  readonly name: string;
  readonly problem: PlanProblem;
  readonly rules: readonly PlanRule[];
}

/** Small feasible instances every solver must handle (MILP-sized). */
export function smallCases(): PlanCase[] {
  const a = syntheticProblem({ n: 14, p: 3, seed: 11 });
  const b = syntheticProblem({ n: 16, p: 4, seed: 12, tags: ["healthcare"] });
  const lockB = new Int32Array(b.n).fill(-1);
  const untagged = [...b.tag.keys()].filter((u) => b.tag[u] === -1);
  lockB[untagged[0] ?? 0] = 2;
  lockB[untagged[3] ?? 0] = 1;
  const c = syntheticProblem({ n: 16, p: 3, seed: 13, grid: true });
  const d = syntheticProblem({ n: 12, p: 2, seed: 14, sigma: 0.3 });
  return [
    { name: "balance + compactness + disruption", problem: a, rules: standardRules(a, 0.35) },
    {
      name: "locks and required skills",
      problem: b,
      rules: [...standardRules(b, 0.5), locked(b, lockB), requiredSkills(b, ["healthcare"])],
    },
    {
      name: "contiguous territories",
      problem: c,
      rules: [...standardRules(c, 0.4), contiguity(c)],
    },
    { name: "tight tolerance, two reps", problem: d, rules: standardRules(d, 0.1) },
    ...orgCases(),
    configOrgCase(),
    configOverlayCase().level,
  ];
}

export { standardRules };

/**
 * Sales-organisation cases: a two-level plan (the west and east thirds of the units in
 * regions west and east; reps 0-1 in the west, 2-3 in the east; patches stay in their region; each team's
 * potential within +-25%), and disruption limits (no rep loses over 40% of its accounts or
 * potential; relationship accounts locked to their owner).
 */
export function orgCases(): PlanCase[] {
  const e = syntheticProblem({ n: 18, p: 4, seed: 15 });
  const order = [...Array(e.n).keys()].sort((a, b) => (e.x[a] ?? 0) - (e.x[b] ?? 0));
  // The west and east thirds belong to their region; the middle third may go either way.
  const region = new Int32Array(e.n);
  order.forEach((u, i) => {
    region[u] = i < e.n / 3 ? 0 : i >= (2 * e.n) / 3 ? 1 : -1;
  });
  const repRegion = Int32Array.from([0, 0, 1, 1]);
  const f = syntheticProblem({ n: 16, p: 3, seed: 16 });
  const relationship = Int32Array.from({ length: f.n }, (_, u) =>
    u % 5 === 0 ? (f.owner[u] ?? -1) : -1,
  );
  return [
    {
      name: "two levels: patches within their region, team measures within band",
      problem: e,
      rules: [
        ...standardRules(e, 0.45),
        withinGroup(e, region, repRegion, ["west", "east"]),
        groupTolerance(e, repRegion, 0, 0.25, ["west", "east"]),
      ],
    },
    {
      name: "disruption limits: book share and relationship accounts",
      problem: f,
      rules: [
        ...standardRules(f, 0.4),
        bookLimit(f, 0.4, 0),
        locked(f, relationship, "relationship account"),
      ],
    },
  ];
}

/**
 * The organisation of a plan config (`org`): reps in regions west and east, each region within
 * +-30% on both measures, accounts kept in the region their column names (those in the middle
 * name none), two named accounts carved out first, one rep holding only its named account.
 * Built by buildScenario, as `paydirt plan create` builds it.
 */
export function configOrgCase(): PlanCase {
  const accounts: AccountInput[] = Array.from({ length: 16 }, (_, i) => {
    const lon = -120 + i * 3;
    return {
      id: `A${String(i).padStart(2, "0")}`,
      owner: `R${(i % 4) + 1}`,
      latitude: 35 + ((i * 7) % 5),
      longitude: lon,
      tag: null,
      area: null,
      values: { rev: 50 + ((i * 37) % 11) * 10 },
      openOpportunity: false,
      region: i < 6 ? "west" : i >= 10 ? "East" : null,
    };
  });
  const reps: RepInput[] = [1, 2, 3, 4].map((k) => ({
    id: `R${k}`,
    name: null,
    capacity: 1,
    latitude: 36,
    longitude: -118 + (k - 1) * 12,
    skills: [],
  }));
  const parsed = parseScenarioConfig({
    measures: [
      { name: "potential", column: "rev", tolerance: 0.5 },
      { name: "accounts", count: true, tolerance: 0.5 },
    ],
    org: {
      regions: { west: ["R1", "R2"], east: ["R3", "R4"] },
      regionTolerance: 0.3,
      regionColumn: "region",
      named: [
        { account: "A15", rep: "R4" },
        { account: "A03", rep: "R2" },
      ],
      namedOnly: ["R4"],
    },
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const { problem, rules } = buildScenario(parsed.config, accounts, reps);
  return {
    name: "org from a plan config: regions, named accounts, a named-only rep",
    problem,
    rules,
  };
}

/**
 * Overlay specialists from a plan config: six AEs (R1-R6) and two security specialists (S1 in
 * the west, S2 in the east) over 30 accounts, of which those with a positive `sec` column belong
 * to the line (two in three). `level` is the overlay level over the AEs' current books (their
 * owners), with the rules planOverlays gives it: the shared validity suite solves it in both
 * solvers.
 */
export function configOverlayCase(): {
  config: ScenarioConfig;
  accounts: AccountInput[];
  reps: RepInput[];
  level: PlanCase;
} {
  const accounts: AccountInput[] = Array.from({ length: 30 }, (_, i) => ({
    id: `A${String(i).padStart(2, "0")}`,
    owner: `R${(i % 6) + 1}`,
    latitude: 33 + ((i * 7) % 9),
    longitude: -120 + ((i * 11) % 30) * 1.5,
    tag: null,
    area: null,
    values: { rev: 40 + ((i * 37) % 13) * 10, sec: i % 3 === 2 ? 0 : 5 + ((i * 17) % 7) },
    openOpportunity: false,
  }));
  const home = (id: string, lon: number): RepInput => ({
    id,
    name: null,
    capacity: 1,
    latitude: 37,
    longitude: lon,
    skills: [],
  });
  const reps = [
    ...[1, 2, 3, 4, 5, 6].map((k) => home(`R${k}`, -118 + (k - 1) * 8)),
    home("S1", -112),
    home("S2", -85),
  ];
  const parsed = parseScenarioConfig({
    measures: [
      { name: "potential", column: "rev", tolerance: 0.4 },
      { name: "accounts", count: true, tolerance: 0.4 },
    ],
    org: {
      overlays: [{ product: "security", column: "sec", specialists: ["S1", "S2"], tolerance: 0.4 }],
    },
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const config = parsed.config;
  const model = buildScenario(config, accounts, reps);
  const line = model.overlays?.[0];
  if (!line) throw new Error("no overlay");
  const p = model.problem;
  const count = Float64Array.from(line.accountValue, (v) => (v > 0 ? 1 : 0));
  const level = overlayLevelOf(p, p.owner, "sec", line.accountValue, count, line.specialists);
  return {
    config,
    accounts,
    reps,
    level: {
      name: "overlay specialists over the AEs' books (from a plan config)",
      problem: level.problem,
      rules: overlayRules(level.problem, line.tolerance),
    },
  };
}
