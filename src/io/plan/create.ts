import { formatIssue } from "../../core/issues.js";
import { allowsAll } from "../../core/planning/eligibility.js";
import { solveExact } from "../../core/planning/exact.js";
import { solveHeuristic } from "../../core/planning/heuristic.js";
import { moveReasons } from "../../core/planning/reasons.js";
import { planReport } from "../../core/planning/report.js";
import type { PlanResult } from "../../core/planning/result.js";
import { buildScenario } from "../../core/planning/scenario/build.js";
import type { ScenarioConfig } from "../../core/planning/scenario/config.js";
import { checkAborted, progress, type RunContext } from "../../core/run.js";
import { highsSolver } from "../solver/highs.js";
import type { Db } from "../store/db.js";
import { planGeography } from "./geography.js";
import { MILP_PAIRS, overlayOutcome, overlaySummary, scenarioOverlays } from "./overlays.js";
import { readPlanInputs } from "./read.js";
import { type AssignmentRow, type ScenarioRecord, saveScenario } from "./scenarios.js";

/** Outcome of creating a scenario: the solver result and the record (stored unless infeasible). */
export interface CreatedScenario {
  readonly result: PlanResult;
  readonly record?: ScenarioRecord;
  readonly notes: readonly string[];
}

/**
 * Build, solve, check and store a named scenario from a store and a config. Progress goes to
 * `ctx.onProgress` (one event per solver phase); `ctx.signal` stops the work between phases
 * (nothing is stored then).
 */
export async function createScenario(
  db: Db,
  name: string,
  config: ScenarioConfig,
  opts: { replace: boolean },
  ctx: RunContext = {},
): Promise<CreatedScenario> {
  const onProgress = (phase: string, message: string) => progress(ctx, { phase, message });
  checkAborted(ctx);
  const { accounts, reps } = await readPlanInputs(db, config);
  checkAborted(ctx);
  const model = buildScenario(config, accounts, reps, planGeography(config.units));
  const { problem, rules } = model;
  const useMilp =
    config.solver === "milp" || (config.solver === "auto" && problem.n * problem.p <= MILP_PAIRS);
  const heuristic = () =>
    solveHeuristic(problem, rules, {
      timeLimit: config.timeLimit,
      seed: config.seed,
      onProgress,
    });
  let result = useMilp
    ? await solveExact(problem, rules, highsSolver, { timeLimit: config.timeLimit })
    : heuristic();
  // A MILP that ran out of time without a plan hands over to the heuristic (auto mode only).
  if (useMilp && config.solver === "auto" && !result.assign && result.status !== "infeasible") {
    onProgress(
      "milp",
      `no plan within the time limit (${result.issues.map(formatIssue).join("; ")}); using the heuristic`,
    );
    result = heuristic();
  }
  const assign = result.assign;
  if (!assign) return { result, notes: model.notes };
  // Overlay specialists over the AE patches, and the coverage proof of the whole plan.
  const overlays = await scenarioOverlays(model, config, assign);
  if (overlays) {
    onProgress(
      "overlays",
      `${overlays.overlays.length} product lines; coverage ${overlays.coverage.covered} of ${overlays.coverage.required} pairs`,
    );
    result = overlayOutcome(result, overlays);
  }
  const report = planReport(problem, rules, assign);
  const reasons = moveReasons(problem, assign, allowsAll(rules));
  const m = problem.measureNames.length;
  const rows: AssignmentRow[] = accounts.map((a, i) => {
    const u = model.unitOf[i] ?? 0;
    const owner = model.repIds[assign[u] ?? -1] ?? null;
    const reason = owner === a.owner ? null : reasons[u] || "joins the rep of its area";
    return {
      account_id: a.id,
      old_owner: a.owner,
      new_owner: owner,
      locked: model.lockReason[i] || null,
      reason,
      latitude: a.latitude,
      longitude: a.longitude,
      measures: JSON.stringify(
        Array.from({ length: m }, (_, k) => model.accountMeasures[i * m + k] ?? 0),
      ),
    };
  });
  const record: ScenarioRecord = {
    name,
    config,
    solver: result.solver,
    status: result.status,
    ...(result.objective !== undefined ? { objective: result.objective } : {}),
    ...(result.bound !== undefined ? { bound: result.bound } : {}),
    ...(result.gap !== undefined ? { gap: result.gap } : {}),
    seconds: result.seconds,
    summary: {
      measureNames: problem.measureNames,
      repIds: model.repIds,
      report,
      ...(config.units !== "accounts" && problem.unitIds
        ? { areas: { units: config.units, ids: problem.unitIds, rep: Array.from(assign) } }
        : {}),
      ...(overlays ? overlaySummary(overlays) : {}),
    },
    issues: result.issues,
    notes: model.notes,
    rows,
  };
  checkAborted(ctx);
  await saveScenario(db, record, opts.replace);
  return { result, record, notes: model.notes };
}
