/**
 * A built scenario as plain JSON, so the same problem and rules can be rebuilt elsewhere (the web
 * app re-checks a hand-edited plan in the browser with the very validator and report the server
 * uses). Nothing is recomputed on the way: the problem's arrays travel as they are (NaN as null),
 * `makeProblem` and `scenarioRules` rebuild it, so a report in the browser equals the server's.
 */
import { makeProblem, type PlanProblem } from "../problem.js";
import { type PlanReport, planReport } from "../report.js";
import type { PlanRule } from "../rules/rule.js";
import { scenarioRules } from "./build.js";
import type { ScenarioConfig } from "./config.js";
import type { ScenarioOrg } from "./org.js";

type Num = number | null;

/** The JSON form of a scenario's problem, its units' accounts and one assignment. */
export interface PortableScenario {
  readonly config: ScenarioConfig;
  readonly measureNames: readonly string[];
  /** Unit-major measures (`measures[u * m + k]`). */
  readonly measures: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly owner: readonly number[];
  readonly tag: readonly number[];
  readonly tagNames: readonly string[];
  readonly capacity: readonly number[];
  readonly homeX: readonly Num[];
  readonly homeY: readonly Num[];
  /** Tag indices each rep covers. */
  readonly skills: readonly (readonly number[])[];
  readonly targets: readonly number[];
  /** Undirected unit edges as pairs, when the units have an adjacency. */
  readonly edges?: readonly number[];
  readonly anchoredAt: "home" | "centre";
  readonly unitIds: readonly string[];
  readonly unitKind: "account" | "area";
  readonly repIds: readonly string[];
  /** Rep index each unit is locked to (-1 when free). */
  readonly lockTo: readonly number[];
  /** The accounts: id, unit, location and current owner (rep index, -1 when none or not planned). */
  readonly accountIds: readonly string[];
  readonly unitOf: readonly number[];
  readonly latitude: readonly Num[];
  readonly longitude: readonly Num[];
  /** The plan: rep index of each unit. */
  readonly assign: readonly number[];
  /** The config's organisation, resolved (when it has one). */
  readonly org?: ScenarioOrg;
}

const nanToNull = (a: ArrayLike<number>): Num[] =>
  Array.from(a, (v) => (Number.isFinite(v) ? v : null));
const nullToNan = (a: readonly Num[]): number[] => a.map((v) => (v === null ? Number.NaN : v));

/** JSON form of a problem (plus what the caller knows of its accounts and plan). */
export function toPortable(
  problem: PlanProblem,
  extra: {
    config: ScenarioConfig;
    lockTo: Int32Array;
    accountIds: readonly string[];
    unitOf: ArrayLike<number>;
    latitude: readonly Num[];
    longitude: readonly Num[];
    assign: ArrayLike<number>;
    org?: ScenarioOrg;
  },
): PortableScenario {
  const nt = problem.tagNames.length;
  const skills = Array.from({ length: problem.p }, (_, r) => {
    const out: number[] = [];
    for (let t = 0; t < nt; t++) if (problem.skills[r * nt + t]) out.push(t);
    return out;
  });
  let edges: number[] | undefined;
  const adj = problem.adjacency;
  if (adj) {
    edges = [];
    for (let u = 0; u < problem.n; u++)
      for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
        const v = adj.neighbors[j] ?? -1;
        if (v > u) edges.push(u, v);
      }
  }
  return {
    config: extra.config,
    measureNames: problem.measureNames,
    measures: Array.from(problem.measures),
    x: Array.from(problem.x),
    y: Array.from(problem.y),
    owner: Array.from(problem.owner),
    tag: Array.from(problem.tag),
    tagNames: problem.tagNames,
    capacity: Array.from(problem.capacity),
    homeX: nanToNull(problem.homeX),
    homeY: nanToNull(problem.homeY),
    skills,
    targets: Array.from(problem.targets),
    ...(edges ? { edges } : {}),
    anchoredAt: problem.anchoredAt ?? "home",
    unitIds: problem.unitIds ?? Array.from({ length: problem.n }, (_, u) => String(u)),
    unitKind: problem.unitKind ?? "account",
    repIds: problem.repIds ?? Array.from({ length: problem.p }, (_, r) => String(r)),
    lockTo: Array.from(extra.lockTo),
    accountIds: extra.accountIds,
    unitOf: Array.from(extra.unitOf),
    latitude: extra.latitude,
    longitude: extra.longitude,
    assign: Array.from(extra.assign),
    ...(extra.org ? { org: extra.org } : {}),
  };
}

/** Rebuild the problem and the config's rules from the JSON form. */
export function fromPortable(s: PortableScenario): {
  problem: PlanProblem;
  rules: PlanRule[];
  assign: Int32Array;
} {
  const problem = makeProblem({
    measureNames: s.measureNames,
    measures: s.measures,
    x: s.x,
    y: s.y,
    owner: s.owner,
    tag: s.tag,
    tagNames: s.tagNames,
    capacity: s.capacity,
    homeX: nullToNan(s.homeX),
    homeY: nullToNan(s.homeY),
    skills: s.skills,
    targets: s.targets,
    ...(s.edges ? { edges: s.edges } : {}),
    anchoredAt: s.anchoredAt,
    unitIds: s.unitIds,
    repIds: s.repIds,
    unitKind: s.unitKind,
  });
  const rules = scenarioRules(problem, s.config, Int32Array.from(s.lockTo), [], s.org);
  return { problem, rules, assign: Int32Array.from(s.assign) };
}

/** Moves of accounts to reps (by id) applied to a plan: each account's whole unit moves. */
export function applyMoves(
  s: Pick<PortableScenario, "accountIds" | "unitOf" | "repIds">,
  assign: Int32Array,
  moves: Readonly<Record<string, string>>,
): { assign: Int32Array; unknownAccounts: string[]; unknownReps: string[] } {
  const accountIndex = new Map(s.accountIds.map((id, i) => [id, i]));
  const repIndex = new Map(s.repIds.map((id, r) => [id, r]));
  const out = Int32Array.from(assign);
  const unknownAccounts: string[] = [];
  const unknownReps: string[] = [];
  for (const [account, rep] of Object.entries(moves)) {
    const i = accountIndex.get(account);
    const r = repIndex.get(rep);
    if (i === undefined) unknownAccounts.push(account);
    if (r === undefined) unknownReps.push(rep);
    if (i === undefined || r === undefined) continue;
    out[s.unitOf[i] ?? -1] = r;
  }
  return { assign: out, unknownAccounts, unknownReps };
}

/** Check a plan of the rebuilt problem: the validator and the report, as the server runs them. */
export function reportPlan(
  problem: PlanProblem,
  rules: readonly PlanRule[],
  assign: Int32Array,
): PlanReport {
  return planReport(problem, rules, assign);
}
