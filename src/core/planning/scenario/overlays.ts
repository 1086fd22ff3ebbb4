/**
 * Overlay specialists of a plan config (`org.overlays`): after the territory plan, each product
 * line's specialists take the AEs' patches whole (an AE works with one specialist per line),
 * balanced among themselves by the line's value and account count (src/core/org/levels.ts builds
 * that level as a planning problem of its own, solved by the same solvers). The coverage check
 * (src/core/org/coverage.ts) then proves, from the ownership rows alone, that every planned
 * account has one territory owner and every account of a line one specialist: no gaps, no
 * overlaps.
 */
import { PaydirtError } from "../../errors.js";
import { type Issue, issue } from "../../issues.js";
import { type CoverageReport, checkCoverage, type Ownership } from "../../org/coverage.js";
import { type OverlaySpecialist, overlayLevelOf } from "../../org/levels.js";
import { computeLoads, type PlanProblem } from "../problem.js";
import type { PlanResult } from "../result.js";
import { balance } from "../rules/balance.js";
import { compactness } from "../rules/compactness.js";
import type { PlanRule } from "../rules/rule.js";
import { tolerance } from "../rules/tolerance.js";
import type { ScenarioConfig } from "./config.js";
import type { AccountInput, RepInput } from "./inputs.js";

/** One product line's overlay, resolved against the accounts and reps. */
export interface ScenarioOverlay {
  readonly product: string;
  /** Coverage role key: `overlay:<product>`. */
  readonly role: string;
  readonly column: string;
  readonly tolerance: number;
  /** Specialists with their homes in the problem's km frame (NaN when unknown). */
  readonly specialists: readonly OverlaySpecialist[];
  /** The line's value of each account (0 for accounts outside the line). */
  readonly accountValue: Float64Array;
}

/** The territory reps and the overlay specialists among the reps read; unknown specialists are errors. */
export function splitSpecialists(
  config: ScenarioConfig,
  reps: readonly RepInput[],
): { territory: RepInput[]; specialists: Map<string, RepInput> } {
  const byId = new Map(reps.map((r) => [r.id, r]));
  const specialists = new Map<string, RepInput>();
  config.org?.overlays.forEach((o, i) => {
    o.specialists.forEach((id, j) => {
      const r = byId.get(id);
      if (!r)
        throw PaydirtError.of(
          "invalid",
          "org_unknown_rep",
          `overlay specialist ${id} is not an active rep`,
          { path: { json: ["org", "overlays", i, "specialists", j] }, ids: { rep_id: id } },
        );
      specialists.set(id, r);
    });
  });
  return { territory: reps.filter((r) => !specialists.has(r.id)), specialists };
}

/** Each overlay of the config with its specialists placed by `km` and its accounts' values. */
export function resolveOverlays(
  config: ScenarioConfig,
  accounts: readonly AccountInput[],
  specialists: ReadonlyMap<string, RepInput>,
  km: (lat: number | null, lon: number | null) => { x: number; y: number },
  notes: string[],
): ScenarioOverlay[] {
  return (config.org?.overlays ?? []).map((o) => {
    const accountValue = Float64Array.from(accounts, (a) => {
      const v = a.values[o.column];
      return typeof v === "number" && Number.isFinite(v) && v > o.above ? v : 0;
    });
    const inLine = accountValue.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    if (inLine === 0)
      notes.push(`overlay ${o.product}: no account has ${o.column} above ${o.above}`);
    return {
      product: o.product,
      role: `overlay:${o.product}`,
      column: o.column,
      tolerance: o.tolerance,
      specialists: o.specialists.map((id) => {
        const r = specialists.get(id);
        const at = km(r?.latitude ?? null, r?.longitude ?? null);
        return { id, x: at.x, y: at.y, capacity: r?.capacity && r.capacity > 0 ? r.capacity : 1 };
      }),
      accountValue,
    };
  });
}

/**
 * The rules of an overlay level: the line's value and account count of each specialist within
 * +-tol of its share, balance on both, and compactness around the specialists' homes when known.
 */
export function overlayRules(p: PlanProblem, tol: number): PlanRule[] {
  const rules: PlanRule[] = [tolerance(p, 0, tol), tolerance(p, 1, tol), balance(p, [0, 1], 1)];
  if (p.homeX.some((v) => !Number.isNaN(v))) rules.push(compactness(p, 1, 1));
  return rules;
}

/** One product line's overlay plan. */
export interface OverlayOutcome {
  readonly product: string;
  readonly role: string;
  readonly specialists: readonly string[];
  /** Territory reps whose patch holds accounts of the line, and each one's specialist (index). */
  readonly aes: readonly string[];
  readonly specialistOf: readonly number[];
  readonly status: string;
  /** The line's column and "accounts". */
  readonly measureNames: readonly string[];
  /** Per specialist and measure (specialist-major): load and target. */
  readonly loads: readonly number[];
  readonly targets: readonly number[];
  /** Largest |load - target| / target per measure. */
  readonly worstDeviation: readonly number[];
  readonly issues: readonly Issue[];
}

/** The overlay plans of a scenario and the coverage proof of the whole plan. */
export interface OverlayPlans {
  readonly overlays: readonly OverlayOutcome[];
  readonly coverage: CoverageReport;
  /** The role the territory reps cover accounts in (the config's one role, else "territory"). */
  readonly territoryRole: string;
  /** False when an overlay breaks its band or coverage finds a gap or an overlap. */
  readonly ok: boolean;
}

/** What planOverlays needs of a built scenario. */
export interface OverlayInput {
  readonly problem: PlanProblem;
  readonly accountIds: readonly string[];
  readonly repIds: readonly string[];
  readonly unitOf: Int32Array;
  readonly overlays?: readonly ScenarioOverlay[];
}

/**
 * Assign each overlay's specialists to the AE patches of a territory plan (`assign`, per unit),
 * with `solve` (either solver); a level no plan meets the bands of is still assigned (balance
 * only) and reported with the issues that make it fail. Then check coverage: one territory owner
 * per account, one specialist per account of each line.
 */
export async function planOverlays(
  model: OverlayInput,
  config: ScenarioConfig,
  assign: Int32Array,
  solve: (p: PlanProblem, rules: readonly PlanRule[]) => Promise<PlanResult>,
): Promise<OverlayPlans> {
  const p = model.problem;
  const overlays: OverlayOutcome[] = [];
  const rows: Ownership[] = [];
  const territoryRole = config.roles?.length === 1 ? (config.roles[0] ?? "AE") : "territory";
  const repRoles = new Map(model.repIds.map((id) => [id, territoryRole]));
  const market = model.accountIds.map((account_id) => ({
    account_id,
    roles: [territoryRole],
  }));
  model.accountIds.forEach((account_id, i) => {
    const rep = model.repIds[assign[model.unitOf[i] ?? -1] ?? -1];
    if (rep !== undefined) rows.push({ account_id, rep_id: rep, role: territoryRole });
  });
  for (const o of model.overlays ?? []) {
    for (const s of o.specialists) repRoles.set(s.id, o.role);
    const value = new Float64Array(p.n);
    const count = new Float64Array(p.n);
    o.accountValue.forEach((v, i) => {
      if (!(v > 0)) return;
      const u = model.unitOf[i] ?? 0;
      value[u] = (value[u] ?? 0) + v;
      count[u] = (count[u] ?? 0) + 1;
      market[i]?.roles.push(o.role);
    });
    const level = overlayLevelOf(p, assign, o.column, value, count, o.specialists);
    const lp = level.problem;
    let status = "optimal";
    let issues: readonly Issue[] = [];
    let specialistOf: Int32Array = new Int32Array(lp.n);
    if (lp.n > 0) {
      const rules = overlayRules(lp, o.tolerance);
      let res = await solve(lp, rules);
      status = res.status;
      issues = res.issues;
      // No plan within the bands: assign by balance alone, reported as breaking them.
      if (!res.assign) {
        res = await solve(lp, rules.slice(2));
        status = "invalid";
      }
      specialistOf = res.assign ?? specialistOf;
    }
    const m = lp.measureNames.length;
    const loads = computeLoads(lp, specialistOf);
    const worstDeviation = lp.measureNames.map((_, k) => {
      let worst = 0;
      for (let s = 0; s < lp.p; s++) {
        const t = lp.targets[s * m + k] ?? 0;
        if (t > 0) worst = Math.max(worst, Math.abs((loads[s * m + k] ?? 0) - t) / t);
      }
      return worst;
    });
    const byAe = new Int32Array(p.p).fill(-1);
    level.aes.forEach((r, i) => {
      byAe[r] = specialistOf[i] ?? -1;
    });
    o.accountValue.forEach((v, i) => {
      if (!(v > 0)) return;
      const s = o.specialists[byAe[assign[model.unitOf[i] ?? -1] ?? -1] ?? -1];
      if (s) rows.push({ account_id: model.accountIds[i] ?? "", rep_id: s.id, role: o.role });
    });
    overlays.push({
      product: o.product,
      role: o.role,
      specialists: o.specialists.map((s) => s.id),
      aes: level.aes.map((r) => model.repIds[r] ?? `#${r}`),
      specialistOf: Array.from(specialistOf),
      status,
      measureNames: lp.measureNames,
      loads: Array.from(loads),
      targets: Array.from(lp.targets),
      worstDeviation,
      issues: issues.map((i) =>
        issue(i.code, `overlay ${o.product}: ${i.message}`, {
          ...(i.path ? { path: i.path } : {}),
          ids: { ...i.ids, product: o.product },
          ...(i.data ? { data: i.data } : {}),
          severity: i.severity,
        }),
      ),
    });
  }
  const coverage = checkCoverage(market, rows, repRoles);
  const ok =
    coverage.ok && overlays.every((o) => o.status === "optimal" || o.status === "feasible");
  return { overlays, coverage, territoryRole, ok };
}
