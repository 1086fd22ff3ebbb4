/**
 * The organisation part of a plan config (`org`): reps in regions, each region's measures within a
 * band, patches within their region, named accounts carved out first for their owners, reps who
 * hold only named accounts. Resolved against the accounts and reps into plain arrays (they travel
 * with a portable scenario), then turned into the org rules of src/core/planning/rules.
 */
import { PaydirtError } from "../../errors.js";
import type { PlanProblem } from "../problem.js";
import { groupTolerance } from "../rules/group-tolerance.js";
import type { PlanRule } from "../rules/rule.js";
import { withinGroup } from "../rules/within-group.js";
import type { ScenarioConfig } from "./config.js";
import type { AccountInput, RepInput } from "./inputs.js";

/** The resolved organisation of a scenario (indices into the problem's reps and units). */
export interface ScenarioOrg {
  readonly regionNames: readonly string[];
  /** Region of each rep (-1 when the config names no regions). */
  readonly repRegion: readonly number[];
  /** Region each unit must stay in (-1: any), when `org.regionColumn` is set. */
  readonly unitRegion?: readonly number[];
  /** Reps who take only their named (or otherwise locked) units. */
  readonly namedOnly: readonly number[];
}

const bad = (
  code: Parameters<typeof PaydirtError.of>[1],
  message: string,
  json: (string | number)[],
  ids: Record<string, string>,
) => PaydirtError.of("invalid", code, message, { path: { json }, ids });

/** Rep index of each named account (-1 for the others); errors name the config entry at fault. */
export function namedLocks(
  config: ScenarioConfig,
  accountIndex: ReadonlyMap<string, number>,
  repIndex: ReadonlyMap<string, number>,
  n: number,
): Int32Array {
  const out = new Int32Array(n).fill(-1);
  (config.org?.named ?? []).forEach((entry, i) => {
    const u = accountIndex.get(entry.account);
    if (u === undefined)
      throw bad(
        "org_named_unknown_account",
        `org.named[${i}]: account ${entry.account} is not among the accounts`,
        ["org", "named", i, "account"],
        { account_id: entry.account },
      );
    const r = repIndex.get(entry.rep);
    if (r === undefined)
      throw bad(
        "org_named_unknown_rep",
        `org.named[${i}]: rep ${entry.rep} is not among the planned reps`,
        ["org", "named", i, "rep"],
        { account_id: entry.account, rep_id: entry.rep },
      );
    out[u] = r;
  });
  return out;
}

/** Resolve regions, unit regions and named-only reps; errors name the config entry at fault. */
export function resolveOrg(
  config: ScenarioConfig,
  accounts: readonly AccountInput[],
  reps: readonly RepInput[],
  unitOf: Int32Array,
  units: number,
  notes: string[],
): ScenarioOrg | undefined {
  const org = config.org;
  if (!org) return undefined;
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  const namedOnly = org.namedOnly.map((id, i) => {
    const r = repIndex.get(id);
    if (r === undefined)
      throw bad(
        "org_unknown_rep",
        `org.namedOnly[${i}]: rep ${id} is not among the planned reps`,
        ["org", "namedOnly", i],
        { rep_id: id },
      );
    return r;
  });
  const repRegion = new Array<number>(reps.length).fill(-1);
  let regionNames: string[] = [];
  if (org.regions === "team") {
    regionNames = [...new Set(reps.flatMap((r) => (r.team ? [r.team] : [])))].sort();
    reps.forEach((r, i) => {
      if (!r.team)
        throw bad(
          "org_rep_without_region",
          `rep ${r.id} has no team, and org.regions is "team"`,
          ["org", "regions"],
          { rep_id: r.id },
        );
      repRegion[i] = regionNames.indexOf(r.team);
    });
  } else if (org.regions) {
    regionNames = Object.keys(org.regions);
    regionNames.forEach((name, g) => {
      (org.regions as Record<string, string[]>)[name]?.forEach((id, i) => {
        const r = repIndex.get(id);
        if (r === undefined)
          throw bad(
            "org_unknown_rep",
            `org.regions.${name}[${i}]: rep ${id} is not among the planned reps`,
            ["org", "regions", name, i],
            { rep_id: id },
          );
        repRegion[r] = g;
      });
    });
    const missing = reps.findIndex((_, r) => (repRegion[r] ?? -1) < 0);
    if (missing >= 0)
      throw bad(
        "org_rep_without_region",
        `rep ${reps[missing]?.id} is in no region of org.regions`,
        ["org", "regions"],
        { rep_id: reps[missing]?.id ?? "" },
      );
  }
  let unitRegion: number[] | undefined;
  if (org.regionColumn) {
    const byName = new Map(regionNames.map((name, g) => [name.toLowerCase(), g]));
    const votes = new Map<number, number>();
    let unknown = 0;
    accounts.forEach((a, i) => {
      const g = a.region ? byName.get(a.region.trim().toLowerCase()) : undefined;
      if (g === undefined) {
        unknown++;
        return;
      }
      const key = (unitOf[i] ?? 0) * regionNames.length + g;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    });
    // A unit's region: the one most of its accounts name (areas hold several accounts).
    unitRegion = new Array<number>(units).fill(-1);
    const top = new Float64Array(units);
    for (const [key, count] of votes) {
      const u = Math.floor(key / regionNames.length);
      if (count > (top[u] ?? 0)) {
        top[u] = count;
        unitRegion[u] = key % regionNames.length;
      }
    }
    if (unknown)
      notes.push(
        `${unknown} accounts name no region of org.regions in ${org.regionColumn}: any rep may take them`,
      );
  }
  return { regionNames, repRegion, ...(unitRegion ? { unitRegion } : {}), namedOnly };
}

/**
 * Targets with named accounts carved out first: a named-only rep's target is its named load;
 * the others share what is left in proportion to capacity, less what their named accounts
 * already carry (floored at 0), plus that named load (their loads include it).
 */
export function carvedTargets(
  measures: Float64Array,
  m: number,
  capacity: readonly number[],
  named: Int32Array,
  namedOnly: readonly number[],
): Float64Array {
  const p = capacity.length;
  const namedLoad = new Float64Array(p * m);
  const totals = new Float64Array(m);
  for (let u = 0; u < named.length; u++) {
    for (let k = 0; k < m; k++) totals[k] = (totals[k] ?? 0) + (measures[u * m + k] ?? 0);
    const r = named[u] ?? -1;
    if (r >= 0)
      for (let k = 0; k < m; k++)
        namedLoad[r * m + k] = (namedLoad[r * m + k] ?? 0) + (measures[u * m + k] ?? 0);
  }
  const only = new Set(namedOnly);
  const others = [...Array(p).keys()].filter((r) => !only.has(r));
  const cap = others.reduce((s, r) => s + (capacity[r] ?? 1), 0);
  const targets = new Float64Array(p * m);
  for (let k = 0; k < m; k++) {
    let rest = totals[k] ?? 0;
    for (const r of only) {
      targets[r * m + k] = namedLoad[r * m + k] ?? 0;
      rest -= namedLoad[r * m + k] ?? 0;
    }
    let free = rest;
    for (const r of others) free -= namedLoad[r * m + k] ?? 0;
    const raw = others.map((r) =>
      Math.max(0, (rest * (capacity[r] ?? 1)) / Math.max(cap, 1e-12) - (namedLoad[r * m + k] ?? 0)),
    );
    const sum = raw.reduce((s, v) => s + v, 0);
    others.forEach((r, i) => {
      const share = sum > 0 ? ((raw[i] ?? 0) * Math.max(free, 0)) / sum : 0;
      targets[r * m + k] = share + (namedLoad[r * m + k] ?? 0);
    });
  }
  return targets;
}

/** The org rules of a resolved organisation on a built problem. */
export function orgRules(
  problem: PlanProblem,
  config: ScenarioConfig,
  org: ScenarioOrg,
  lockTo: Int32Array,
): PlanRule[] {
  const rules: PlanRule[] = [];
  const repRegion = Int32Array.from(org.repRegion);
  const tol = config.org?.regionTolerance;
  if (org.regionNames.length && tol !== undefined)
    problem.measureNames.forEach((_, k) => {
      rules.push(groupTolerance(problem, repRegion, k, tol, org.regionNames, "region"));
    });
  if (org.regionNames.length && org.unitRegion)
    rules.push(withinGroup(problem, Int32Array.from(org.unitRegion), repRegion, org.regionNames));
  if (org.namedOnly.length) {
    // Group 0: the territory reps; each named-only rep its own group, holding only its locked units.
    const repGroup = new Int32Array(problem.p);
    org.namedOnly.forEach((r, i) => {
      repGroup[r] = i + 1;
    });
    const unitGroup = Int32Array.from({ length: problem.n }, (_, u) => {
      const l = lockTo[u] ?? -1;
      return l >= 0 ? (repGroup[l] ?? 0) : 0;
    });
    const names = ["territory", ...org.namedOnly.map((r) => problem.repIds?.[r] ?? `#${r}`)];
    rules.push(withinGroup(problem, unitGroup, repGroup, names, "named-only reps"));
  }
  return rules;
}
