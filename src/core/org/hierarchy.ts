/**
 * The sales organisation: org units (region -> team), reps in teams with a role, and named
 * accounts carved out for their owners. `buildOrg` checks the input and either returns the
 * organisation or coded issues naming every unit, rep or account at fault (nothing partial).
 */
import { fail, ok, type Result } from "../errors.js";
import { type Issue, type IssuePath, issue } from "../issues.js";

/** Roles the organisation plans for; an overlay specialist also names a product line. */
export const ORG_ROLES = ["AE", "BDR", "CSM", "overlay"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** An org unit as given: a region (no parent) or a team (parent: a region). */
export interface OrgUnitInput {
  readonly id: string;
  readonly level: "region" | "team";
  readonly parent: string | null;
  /** Where the row came from, for issues. */
  readonly source?: IssuePath;
}

/** One rep's membership of a team. A rep listed in two different teams is an error. */
export interface MemberInput {
  readonly rep_id: string;
  readonly team: string;
  readonly role: OrgRole;
  /** Product line of an overlay specialist. */
  readonly product?: string;
  /** First day (ISO date) of a rep still ramping, when known. */
  readonly start?: string;
  readonly capacity?: number;
  readonly source?: IssuePath;
}

/** A named (strategic) account and the rep that owns it, before any territory is drawn. */
export interface NamedInput {
  readonly account_id: string;
  readonly rep_id: string;
  readonly source?: IssuePath;
}

export interface OrgInput {
  readonly units: readonly OrgUnitInput[];
  readonly members: readonly MemberInput[];
  readonly named?: readonly NamedInput[];
  /** Accounts that exist (when given, named accounts must be among them). */
  readonly accounts?: ReadonlySet<string>;
}

export interface OrgRep {
  readonly rep_id: string;
  readonly role: OrgRole;
  readonly team: string;
  readonly region: string;
  readonly product?: string;
  readonly start?: string;
  readonly capacity: number;
}

/** A checked organisation. */
export interface Org {
  readonly regions: readonly string[];
  /** Teams of each region, in input order. */
  readonly teams: ReadonlyMap<string, readonly string[]>;
  /** Region of each team. */
  readonly regionOf: ReadonlyMap<string, string>;
  readonly reps: readonly OrgRep[];
  readonly repById: ReadonlyMap<string, OrgRep>;
  /** Owner of each named account. */
  readonly named: ReadonlyMap<string, string>;
}

const where = (s: IssuePath | undefined) => (s ? { path: s } : {});

/** Check and assemble an organisation: cycles, orphans, levels, reps in two teams, named accounts listed twice. */
export function buildOrg(input: OrgInput): Result<Org> {
  const issues: Issue[] = [];
  const units = new Map<string, OrgUnitInput>();
  for (const u of input.units) {
    if (units.has(u.id)) {
      issues.push(
        issue("org_duplicate_unit", `org unit ${u.id} is listed twice`, {
          ...where(u.source),
          ids: { unit_id: u.id },
        }),
      );
      continue;
    }
    units.set(u.id, u);
  }
  // Cycles: follow parents from each unit; a unit met again on its own walk closes a cycle.
  const inCycle = new Set<string>();
  for (const start of units.keys()) {
    const seen: string[] = [];
    let cur: string | null = start;
    while (cur !== null && units.has(cur) && !seen.includes(cur) && !inCycle.has(cur)) {
      seen.push(cur);
      cur = units.get(cur)?.parent ?? null;
    }
    if (cur !== null && seen.includes(cur)) {
      const cycle = seen.slice(seen.indexOf(cur));
      for (const c of cycle) inCycle.add(c);
      issues.push(
        issue("org_cycle", `org units form a cycle: ${[...cycle, cur].join(" -> ")}`, {
          ...where(units.get(cur)?.source),
          ids: { unit_id: cur },
          data: { cycle },
        }),
      );
    }
  }
  for (const u of units.values()) {
    if (inCycle.has(u.id)) continue;
    if (u.parent !== null && !units.has(u.parent)) {
      issues.push(
        issue("org_orphan", `org unit ${u.id} has parent ${u.parent}, which is not an org unit`, {
          ...where(u.source),
          ids: { unit_id: u.id },
          data: { parent: u.parent },
        }),
      );
      continue;
    }
    const parent = u.parent === null ? undefined : units.get(u.parent);
    const bad =
      u.level === "region"
        ? parent !== undefined
          ? `region ${u.id} has a parent (${u.parent}); regions are the top level`
          : undefined
        : parent === undefined
          ? `team ${u.id} has no region`
          : parent.level !== "region"
            ? `team ${u.id} sits under ${parent.level} ${parent.id}, not under a region`
            : undefined;
    if (bad)
      issues.push(
        issue(u.level === "team" && !parent ? "org_orphan" : "org_level", bad, {
          ...where(u.source),
          ids: { unit_id: u.id },
        }),
      );
  }
  const teamOf = new Map<string, MemberInput>();
  for (const m of input.members) {
    const t = units.get(m.team);
    if (t?.level !== "team") {
      issues.push(
        issue(
          "org_unknown_team",
          `rep ${m.rep_id} is in ${m.team}, which is not a team of the organisation`,
          { ...where(m.source), ids: { rep_id: m.rep_id, unit_id: m.team } },
        ),
      );
      continue;
    }
    const before = teamOf.get(m.rep_id);
    if (before && before.team !== m.team) {
      issues.push(
        issue(
          "org_rep_in_two_teams",
          `rep ${m.rep_id} is in two teams: ${before.team} and ${m.team}`,
          { ...where(m.source), ids: { rep_id: m.rep_id }, data: { teams: [before.team, m.team] } },
        ),
      );
      continue;
    }
    if (!before) teamOf.set(m.rep_id, m);
  }
  const named = new Map<string, string>();
  for (const n of input.named ?? []) {
    const before = named.get(n.account_id);
    if (before !== undefined) {
      issues.push(
        issue(
          "org_named_duplicate",
          `named account ${n.account_id} is listed twice (reps ${before} and ${n.rep_id})`,
          {
            ...where(n.source),
            ids: { account_id: n.account_id, rep_id: n.rep_id },
            data: { reps: [before, n.rep_id] },
          },
        ),
      );
      continue;
    }
    if (!teamOf.has(n.rep_id)) {
      issues.push(
        issue(
          "org_named_unknown_rep",
          `named account ${n.account_id} goes to rep ${n.rep_id}, who is in no team`,
          { ...where(n.source), ids: { account_id: n.account_id, rep_id: n.rep_id } },
        ),
      );
    }
    if (input.accounts && !input.accounts.has(n.account_id)) {
      issues.push(
        issue("org_named_unknown_account", `named account ${n.account_id} is not an account`, {
          ...where(n.source),
          ids: { account_id: n.account_id },
        }),
      );
    }
    named.set(n.account_id, n.rep_id);
  }
  if (issues.length) return fail(issues);
  const regions = [...units.values()].filter((u) => u.level === "region").map((u) => u.id);
  const teams = new Map<string, string[]>(regions.map((r) => [r, []]));
  const regionOf = new Map<string, string>();
  for (const u of units.values()) {
    if (u.level !== "team" || u.parent === null) continue;
    teams.get(u.parent)?.push(u.id);
    regionOf.set(u.id, u.parent);
  }
  const reps: OrgRep[] = [...teamOf.values()].map((m) => ({
    rep_id: m.rep_id,
    role: m.role,
    team: m.team,
    region: regionOf.get(m.team) ?? "",
    ...(m.product !== undefined ? { product: m.product } : {}),
    ...(m.start !== undefined ? { start: m.start } : {}),
    capacity: m.capacity ?? 1,
  }));
  return ok({
    regions,
    teams,
    regionOf,
    reps,
    repById: new Map(reps.map((r) => [r.rep_id, r])),
    named,
  });
}

/** The coverage role key of a rep: its role, or `overlay:<product>` for overlay specialists. */
export function roleKey(rep: Pick<OrgRep, "role" | "product">): string {
  return rep.role === "overlay" ? `overlay:${rep.product ?? ""}` : rep.role;
}
