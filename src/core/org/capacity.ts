/**
 * Capacity and hiring: how many AEs and BDRs each region and segment needs to cover the chosen
 * tiers of the target account list, given how many accounts one rep covers per tier and segment,
 * the ramp of new hires and attrition; and what one more or one fewer AE in a region changes
 * (AEs work the region's accounts in order of expected bookings, so a marginal AE covers, or
 * leaves, the next block of them).
 *
 * Effective capacity of a seat: each year a share `attrition` of seats turns over; a replacement
 * is hired at once and ramps linearly over `rampMonths`, so a departure costs rampMonths / 2
 * months of a full rep: productivity = 1 - attrition x rampMonths / 24.
 */
import { z } from "zod";
import { fail, ok, type Result } from "../errors.js";
import { type Issue, issue } from "../issues.js";

/** An account of the target list as capacity planning sees it. */
export interface CapacityAccount {
  readonly region: string;
  readonly segment: string;
  readonly tier: string;
  /** Expected bookings a year when covered. */
  readonly value: number;
}

/** Accounts one full AE / BDR covers, for a tier and segment ("*" matches any). */
const Coverage = z.strictObject({
  tier: z.string().min(1).default("*"),
  segment: z.string().min(1).default("*"),
  ae_accounts: z.number().positive(),
  bdr_accounts: z.number().positive().optional(),
});

/** A capacity scenario (the `--scenario` JSON file). */
export const CapacityScenario = z.strictObject({
  /** Tiers of the target list to cover. */
  tiers: z.array(z.string().min(1)).min(1).default(["A", "B"]),
  /** First matching line wins; put specific lines before "*" ones. */
  coverage: z
    .array(Coverage)
    .min(1)
    .default([
      { tier: "A", segment: "*", ae_accounts: 40, bdr_accounts: 80 },
      { tier: "B", segment: "*", ae_accounts: 80, bdr_accounts: 160 },
      { tier: "*", segment: "*", ae_accounts: 200, bdr_accounts: 400 },
    ]),
  ramp_months: z.number().min(0).max(36).default(6),
  /** Share of reps leaving per year. */
  attrition: z.number().min(0).max(1).default(0.15),
  /** Current AEs per region (default: the store's active AEs by region). */
  aes: z.record(z.string(), z.number().int().min(0)).optional(),
  /** AEs to add (positive) or remove (negative) per region, to see what changes. */
  change: z.record(z.string(), z.number().int()).default({}),
});
export type CapacityScenario = z.output<typeof CapacityScenario>;

export interface CapacitySegmentRow {
  readonly region: string;
  readonly segment: string;
  readonly accounts: number;
  readonly expected_bookings: number;
  /** Full-rep equivalents the accounts need, before and after ramp and attrition. */
  readonly ae_load: number;
  readonly aes_needed: number;
  readonly bdrs_needed: number;
}

export interface CapacityRegionRow {
  readonly region: string;
  readonly accounts: number;
  readonly expected_bookings: number;
  readonly aes_needed: number;
  readonly bdrs_needed: number;
  readonly aes: number;
  /** aes - aes_needed (negative: hire). */
  readonly gap: number;
  /** Expected bookings of the accounts the current AEs cover (top value first). */
  readonly covered_bookings: number;
  readonly bookings_per_ae: number;
  /** Covered bookings gained with one more AE, lost with one fewer. */
  readonly add_one: number;
  readonly remove_one: number;
  /** With the scenario's change applied: AEs and covered bookings. */
  readonly aes_after: number;
  readonly covered_after: number;
}

export interface CapacityPlan {
  readonly productivity: number;
  readonly segments: readonly CapacitySegmentRow[];
  readonly regions: readonly CapacityRegionRow[];
  readonly issues: readonly Issue[];
}

/** Plan capacity for `accounts` under `s`; `currentAes` by region unless the scenario sets them. */
export function planCapacity(
  accounts: readonly CapacityAccount[],
  s: CapacityScenario,
  currentAes: ReadonlyMap<string, number>,
): Result<CapacityPlan> {
  const issues: Issue[] = [];
  const productivity = Math.max(1e-6, 1 - (s.attrition * s.ramp_months) / 24);
  const tiers = new Set(s.tiers);
  const lineOf = (a: CapacityAccount) =>
    s.coverage.find(
      (c) =>
        (c.tier === "*" || c.tier === a.tier) && (c.segment === "*" || c.segment === a.segment),
    );
  const chosen: { a: CapacityAccount; ae: number; bdr: number }[] = [];
  const uncovered = new Set<string>();
  for (const a of accounts) {
    if (!tiers.has(a.tier)) continue;
    const line = lineOf(a);
    if (!line) {
      uncovered.add(`${a.tier}/${a.segment}`);
      continue;
    }
    chosen.push({
      a,
      ae: 1 / line.ae_accounts,
      bdr: line.bdr_accounts ? 1 / line.bdr_accounts : 0,
    });
  }
  if (uncovered.size)
    return fail([
      issue(
        "capacity_no_coverage",
        `no coverage line for tier/segment ${[...uncovered].slice(0, 5).join(", ")}: add one (or a "*" line)`,
        { path: { json: ["coverage"] }, data: { missing: [...uncovered] } },
      ),
    ]);
  const seg = new Map<
    string,
    { region: string; segment: string; n: number; v: number; ae: number; bdr: number }
  >();
  const byRegion = new Map<string, typeof chosen>();
  for (const c of chosen) {
    const k = `${c.a.region}\u0000${c.a.segment}`;
    const g = seg.get(k) ?? { region: c.a.region, segment: c.a.segment, n: 0, v: 0, ae: 0, bdr: 0 };
    g.n++;
    g.v += c.a.value;
    g.ae += c.ae;
    g.bdr += c.bdr;
    seg.set(k, g);
    const list = byRegion.get(c.a.region) ?? [];
    list.push(c);
    byRegion.set(c.a.region, list);
  }
  const segments: CapacitySegmentRow[] = [...seg.values()]
    .sort((x, y) => x.region.localeCompare(y.region) || x.segment.localeCompare(y.segment))
    .map((g) => ({
      region: g.region,
      segment: g.segment,
      accounts: g.n,
      expected_bookings: g.v,
      ae_load: g.ae,
      aes_needed: Math.ceil(g.ae / productivity - 1e-9),
      bdrs_needed: Math.ceil(g.bdr / productivity - 1e-9),
    }));
  const aesOf = (r: string) => s.aes?.[r] ?? currentAes.get(r) ?? 0;
  for (const r of Object.keys(s.change))
    if (!byRegion.has(r) && !currentAes.has(r))
      issues.push(
        issue("capacity_unknown_region", `change names region ${r}, which has no accounts or AEs`, {
          severity: "warning",
          path: { json: ["change", r] },
          ids: { region: r },
        }),
      );
  const regionNames = [...new Set([...byRegion.keys(), ...currentAes.keys()])].sort();
  const regions: CapacityRegionRow[] = regionNames.map((region) => {
    // Highest expected bookings per unit of AE time first.
    const list = [...(byRegion.get(region) ?? [])].sort(
      (x, y) => y.a.value / y.ae - x.a.value / x.ae,
    );
    const prefixLoad: number[] = [0];
    const prefixValue: number[] = [0];
    for (const c of list) {
      prefixLoad.push((prefixLoad[prefixLoad.length - 1] ?? 0) + c.ae);
      prefixValue.push((prefixValue[prefixValue.length - 1] ?? 0) + c.a.value);
    }
    /** Expected bookings covered by `n` AEs (accounts fully covered in order, the last one in part). */
    const covered = (n: number) => {
      const cap = Math.max(0, n) * productivity;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((prefixLoad[mid] ?? 0) <= cap + 1e-12) lo = mid;
        else hi = mid - 1;
      }
      const next = list[lo];
      const rest = next ? ((cap - (prefixLoad[lo] ?? 0)) / next.ae) * next.a.value : 0;
      return (prefixValue[lo] ?? 0) + Math.max(0, rest);
    };
    const mine = segments.filter((g) => g.region === region);
    const aes = aesOf(region);
    const after = Math.max(0, aes + (s.change[region] ?? 0));
    const now = covered(aes);
    return {
      region,
      accounts: list.length,
      expected_bookings: prefixValue[prefixValue.length - 1] ?? 0,
      aes_needed: Math.ceil((prefixLoad[prefixLoad.length - 1] ?? 0) / productivity - 1e-9),
      bdrs_needed: mine.reduce((t, g) => t + g.bdrs_needed, 0),
      aes,
      gap: aes - Math.ceil((prefixLoad[prefixLoad.length - 1] ?? 0) / productivity - 1e-9),
      covered_bookings: now,
      bookings_per_ae: aes > 0 ? now / aes : 0,
      add_one: covered(aes + 1) - now,
      remove_one: aes > 0 ? now - covered(aes - 1) : 0,
      aes_after: after,
      covered_after: covered(after),
    };
  });
  return ok({ productivity, segments, regions, issues });
}

/** A capacity scenario from JSON text: malformed JSON and every invalid field as coded issues with their path. */
export function parseCapacityScenario(text: string, file?: string): Result<CapacityScenario> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = body.trim() === "" ? {} : JSON.parse(body);
  } catch (e) {
    return fail([
      issue("config_json", `not valid JSON: ${(e as Error).message}`, {
        ...(file ? { path: { file } } : {}),
      }),
    ]);
  }
  const r = CapacityScenario.safeParse(json);
  if (r.success) return ok(r.data);
  return fail(
    r.error.issues.flatMap((i): Issue[] => {
      const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      const where = (json: (string | number)[]) => ({ path: { ...(file ? { file } : {}), json } });
      return i.code === "unrecognized_keys"
        ? i.keys.map((k) => issue("config_unknown_key", `unknown key "${k}"`, where([...path, k])))
        : [issue("config_invalid", i.message, where(path))];
    }),
  );
}
