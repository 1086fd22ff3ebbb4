/**
 * A stored scenario rebuilt for editing (the problem from the store's current accounts and reps
 * with the scenario's config, the plan from its stored assignments), and a hand-edited plan saved
 * as a new scenario after the core validator and report have checked it.
 */
import { PaydirtError } from "../../core/errors.js";
import { issue } from "../../core/issues.js";
import { allowsAll } from "../../core/planning/eligibility.js";
import { moveReasons } from "../../core/planning/reasons.js";
import { planReport } from "../../core/planning/report.js";
import { buildScenario, type ScenarioModel } from "../../core/planning/scenario/build.js";
import { parseScenarioConfig, type ScenarioConfig } from "../../core/planning/scenario/config.js";
import type { AccountInput } from "../../core/planning/scenario/inputs.js";
import {
  applyMoves,
  type PortableScenario,
  toPortable,
} from "../../core/planning/scenario/portable.js";
import type { Db } from "../store/db.js";
import { planGeography } from "./geography.js";
import { overlayIssues, overlaySummary, scenarioOverlays } from "./overlays.js";
import { readPlanInputs } from "./read.js";
import {
  type AssignmentRow,
  loadScenario,
  type ScenarioRecord,
  saveScenario,
  scenarioView,
} from "./scenarios.js";

/** A scenario rebuilt from the store: the model, its accounts and the stored plan per unit. */
export interface EditableScenario {
  readonly name: string;
  readonly config: ScenarioConfig;
  readonly model: ScenarioModel;
  readonly accounts: readonly AccountInput[];
  readonly assign: Int32Array;
  readonly portable: PortableScenario;
}

/** Rebuild scenario `name` for editing (throws not_found naming the scenario). */
export async function loadEditable(db: Db, name: string): Promise<EditableScenario> {
  const { head, rows } = await loadScenario(db, name);
  const parsed = parseScenarioConfig(JSON.parse(head.config));
  if (!parsed.ok) throw new PaydirtError("invalid", parsed.issues);
  const config = parsed.config;
  const { accounts, reps } = await readPlanInputs(db, config);
  const model = buildScenario(config, accounts, reps, planGeography(config.units));
  const repIndex = new Map(model.repIds.map((id, r) => [id, r]));
  const accountIndex = new Map(model.accountIds.map((id, i) => [id, i]));
  const assign = new Int32Array(model.problem.n).fill(-1);
  for (const r of rows) {
    const i = accountIndex.get(r.account_id);
    const rep = r.new_owner === null ? undefined : repIndex.get(r.new_owner);
    if (i === undefined || rep === undefined) continue;
    assign[model.unitOf[i] ?? -1] = rep;
  }
  // Areas without accounts: their owner in the stored plan, when it kept every area's.
  const { summary } = scenarioView(head);
  if (summary.areas) {
    const unitIndex = new Map((model.problem.unitIds ?? []).map((id, u) => [id, u]));
    const rep = summary.areas.rep;
    summary.areas.ids.forEach((id, j) => {
      const u = unitIndex.get(id);
      const r = repIndex.get(summary.repIds[rep[j] ?? -1] ?? "");
      if (u !== undefined && r !== undefined && (assign[u] ?? -1) < 0) assign[u] = r;
    });
  }
  // Units the stored plan does not cover (accounts added since): with their current owner.
  for (let u = 0; u < assign.length; u++)
    if ((assign[u] ?? -1) < 0) assign[u] = model.problem.owner[u] ?? -1;
  const portable = toPortable(model.problem, {
    config,
    lockTo: model.lockTo,
    accountIds: model.accountIds,
    unitOf: model.unitOf,
    latitude: accounts.map((a) => a.latitude),
    longitude: accounts.map((a) => a.longitude),
    assign,
    ...(model.org ? { org: model.org } : {}),
  });
  return { name, config, model, accounts, assign, portable };
}

/** What saving an edited plan gives back. */
export interface SavedEdit {
  readonly name: string;
  readonly record: ScenarioRecord;
  readonly moved: number;
}

/**
 * Apply `moves` (account id -> rep id) to the stored plan of `base`, check the result with the
 * core validator and report, and store it as scenario `name` (solver "manual"). Unknown accounts
 * or reps are an error naming them; nothing is stored then.
 */
export async function saveEditedScenario(
  db: Db,
  base: EditableScenario,
  name: string,
  moves: Readonly<Record<string, string>>,
  opts: { replace: boolean },
): Promise<SavedEdit> {
  const { model, accounts, config } = base;
  const applied = applyMoves(base.portable, base.assign, moves);
  const issues = [
    ...applied.unknownAccounts.map((a) =>
      issue("plan_edit_unknown_account", `account ${a} is not in scenario ${base.name}`, {
        ids: { account_id: a, scenario: base.name },
        path: { json: ["moves", a] },
      }),
    ),
    ...applied.unknownReps.map((r) =>
      issue("plan_edit_unknown_rep", `rep ${r} is not a planned rep of scenario ${base.name}`, {
        ids: { rep_id: r, scenario: base.name },
      }),
    ),
  ];
  if (issues.length) throw new PaydirtError("invalid", issues);
  const assign = applied.assign;
  const report = planReport(model.problem, model.rules, assign);
  const reasons = moveReasons(model.problem, assign, allowsAll(model.rules));
  const m = model.problem.measureNames.length;
  let moved = 0;
  const rows: AssignmentRow[] = accounts.map((a, i) => {
    const u = model.unitOf[i] ?? 0;
    const owner = model.repIds[assign[u] ?? -1] ?? null;
    const was = model.repIds[base.assign[u] ?? -1] ?? null;
    if (owner !== was) moved++;
    const reason =
      owner === a.owner
        ? null
        : owner !== was
          ? `moved by hand from ${was ?? "nobody"} (edit of ${base.name})`
          : reasons[u] || "joins the rep of its area";
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
  // Overlays follow the edited patches (an AE's specialist may change with its patch).
  const overlays = await scenarioOverlays(model, config, assign);
  const record: ScenarioRecord = {
    name,
    config,
    solver: "manual",
    status: report.valid ? "edited" : "edited, breaks constraints",
    objective: report.objective,
    seconds: 0,
    summary: {
      measureNames: model.problem.measureNames,
      repIds: model.repIds,
      report,
      ...(config.units !== "accounts" && model.problem.unitIds
        ? { areas: { units: config.units, ids: model.problem.unitIds, rep: Array.from(assign) } }
        : {}),
      ...(overlays ? overlaySummary(overlays) : {}),
    },
    issues: [...report.issues, ...(overlays ? overlayIssues(overlays) : [])],
    notes: [...model.notes, `edited by hand from scenario ${base.name}: ${moved} account(s) moved`],
    rows,
  };
  await saveScenario(db, record, opts.replace);
  return { name, record, moved };
}
