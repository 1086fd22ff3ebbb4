/**
 * Overlay specialists of a stored plan: each product line's level solved exactly (MILP) when
 * small, else by the heuristic, and what a scenario keeps of the overlay plans and their
 * coverage check (shared by `plan create` and hand edits of a plan).
 */

import type { Issue } from "../../core/issues.js";
import { solveExact } from "../../core/planning/exact.js";
import { solveHeuristic } from "../../core/planning/heuristic.js";
import type { PlanProblem } from "../../core/planning/problem.js";
import type { PlanResult } from "../../core/planning/result.js";
import type { PlanRule } from "../../core/planning/rules/rule.js";
import type { ScenarioModel } from "../../core/planning/scenario/build.js";
import type { ScenarioConfig } from "../../core/planning/scenario/config.js";
import { type OverlayPlans, planOverlays } from "../../core/planning/scenario/overlays.js";
import { highsSolver } from "../solver/highs.js";
import type { OverlaySummary, ScenarioRecord } from "./scenarios.js";

/**
 * Problems up to this many (unit, rep) pairs go to the MILP: a plan whose solver is `auto`, and
 * every overlay level.
 */
export const MILP_PAIRS = 5_000;

/** The overlay plans of a territory plan and its coverage check (undefined without overlays). */
export async function scenarioOverlays(
  model: ScenarioModel,
  config: ScenarioConfig,
  assign: Int32Array,
): Promise<OverlayPlans | undefined> {
  if (!model.overlays?.length) return undefined;
  return planOverlays(model, config, assign, (p, r) => solveLevel(p, r, config));
}

/** An overlay level: exactly (MILP) when small, else the heuristic, within the scenario's limit. */
async function solveLevel(
  p: PlanProblem,
  rules: readonly PlanRule[],
  config: ScenarioConfig,
): Promise<PlanResult> {
  const limit = Math.min(config.timeLimit, 20);
  if (p.n * p.p <= MILP_PAIRS) {
    const exact = await solveExact(p, rules, highsSolver, { timeLimit: limit });
    if (exact.assign || exact.status === "infeasible") return exact;
  }
  return solveHeuristic(p, rules, { timeLimit: limit, seed: config.seed });
}

/** Coverage findings kept with a scenario at most (the counts are always whole). */
const COVERAGE_ISSUES = 20;

/**
 * The territory result with its overlays: an overlay outside its band or a coverage gap or
 * overlap makes the plan invalid (stored for inspection), with their issues.
 */
export function overlayOutcome(result: PlanResult, plans: OverlayPlans): PlanResult {
  const issues = [...result.issues, ...overlayIssues(plans)];
  const broken = !plans.ok && (result.status === "optimal" || result.status === "feasible");
  return { ...result, issues, ...(broken ? { status: "invalid" } : {}) };
}

/** The issues of the overlay levels, then the coverage check's gaps and overlaps (the first few). */
export function overlayIssues(plans: OverlayPlans): Issue[] {
  const errors = plans.coverage.issues.filter((i) => i.severity === "error");
  return [...plans.overlays.flatMap((o) => o.issues), ...errors.slice(0, COVERAGE_ISSUES)];
}

/** What a scenario's summary keeps of its overlay plans and coverage check. */
export function overlaySummary(plans: OverlayPlans): {
  overlays: OverlaySummary[];
  coverage: NonNullable<ScenarioRecord["summary"]["coverage"]>;
} {
  const c = plans.coverage;
  return {
    overlays: plans.overlays.map(({ role: _role, issues: _issues, ...kept }) => kept),
    coverage: {
      ok: c.ok,
      roles: [plans.territoryRole, ...plans.overlays.map((o) => o.role)],
      accounts: c.accounts,
      required: c.required,
      covered: c.covered,
      gaps: c.gaps.length,
      overlaps: c.overlaps.length,
    },
  };
}
