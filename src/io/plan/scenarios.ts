import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PaydirtError } from "../../core/errors.js";
import type { Issue } from "../../core/issues.js";
import type { PlanReport } from "../../core/planning/report.js";
import type { OverlayOutcome } from "../../core/planning/scenario/overlays.js";
import { csvLine } from "../csv/write.js";
import type { Db } from "../store/db.js";

/** A stored scenario's header row. */
export interface ScenarioRow {
  readonly name: string;
  readonly created_at: string;
  readonly solver: string;
  readonly status: string;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly config: string;
  readonly summary: string;
  readonly issues: string;
  readonly notes: string;
}

/** What a stored scenario's summary holds. */
export interface ScenarioSummary {
  readonly measureNames: readonly string[];
  readonly repIds: readonly string[];
  readonly report?: PlanReport;
  /** Plans of areas (counties, ZIPs): every area's owner, empty areas too (for CRM territory rules). */
  readonly areas?: AreaOwners;
  /** Overlay specialists by product line over the AE patches (plans with `org.overlays`). */
  readonly overlays?: readonly OverlaySummary[];
  /** The coverage check of a plan with overlays: one owner per account and role. */
  readonly coverage?: CoverageSummary;
}

/** One product line's overlay plan as stored: each AE's specialist, each specialist's loads against targets. */
export type OverlaySummary = Omit<OverlayOutcome, "role" | "issues">;

/** Counts of a coverage check (gaps and overlaps are listed among the scenario's issues). */
export interface CoverageSummary {
  readonly ok: boolean;
  /** The roles checked: the territory role, then `overlay:<product>` per line. */
  readonly roles: readonly string[];
  readonly accounts: number;
  readonly required: number;
  readonly covered: number;
  readonly gaps: number;
  readonly overlaps: number;
}

/** The owner of every area of a plan by area: area ids and rep indices into `repIds` (-1: none). */
export interface AreaOwners {
  readonly units: "counties" | "zips";
  readonly ids: readonly string[];
  readonly rep: readonly number[];
}

/** A stored scenario's header with its JSON columns read once, typed (for commands and the API). */
export interface ScenarioView {
  readonly name: string;
  readonly createdAt: string;
  readonly solver: string;
  readonly status: string;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly config: unknown;
  readonly summary: ScenarioSummary;
  /** Coded issues; scenarios stored before issues were coded keep their text. */
  readonly issues: readonly (Issue | string)[];
  readonly notes: readonly string[];
}

const json = <T>(text: string, empty: T): T => (text ? (JSON.parse(text) as T) : empty);

/** The typed view of a stored scenario's header row. */
export function scenarioView(row: ScenarioRow): ScenarioView {
  return {
    name: row.name,
    createdAt: row.created_at,
    solver: row.solver,
    status: row.status,
    objective: row.objective,
    bound: row.bound,
    gap: row.gap,
    seconds: row.seconds,
    config: json<unknown>(row.config, null),
    summary: json<ScenarioSummary>(row.summary, { measureNames: [], repIds: [] }),
    issues: json<(Issue | string)[]>(row.issues, []),
    notes: json<string[]>(row.notes, []),
  };
}

/** One account's line of a stored plan. */
export interface AssignmentRow {
  readonly account_id: string;
  readonly old_owner: string | null;
  readonly new_owner: string | null;
  readonly locked: string | null;
  readonly reason: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly measures: string;
}

/** What a scenario stores: its config and inputs, the plan, the report. */
export interface ScenarioRecord {
  readonly name: string;
  readonly config: unknown;
  readonly solver: string;
  readonly status: string;
  readonly objective?: number;
  readonly bound?: number;
  readonly gap?: number;
  readonly seconds: number;
  readonly summary: {
    measureNames: readonly string[];
    repIds: readonly string[];
    report?: PlanReport;
    areas?: AreaOwners;
    overlays?: readonly OverlaySummary[];
    coverage?: CoverageSummary;
  };
  /** Coded issues (stored as JSON). */
  readonly issues: readonly Issue[];
  readonly notes: readonly string[];
  readonly rows: readonly AssignmentRow[];
}

/**
 * Whether the scenario tables exist. They come from migration 3 (a write open of the store
 * applies it); a store migrated before then, opened read-only, has no scenarios yet.
 */
async function hasScenarioTables(db: Db): Promise<boolean> {
  const r = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'plan_scenarios' AND database_name = current_database()",
  );
  return (r?.n ?? 0) > 0;
}

/** Store a scenario (replacing one of the same name when `replace`), rows bulk-loaded through a temporary CSV. */
export async function saveScenario(db: Db, rec: ScenarioRecord, replace: boolean): Promise<void> {
  const exists = await db.one("SELECT 1 AS x FROM plan_scenarios WHERE name = $name", {
    name: rec.name,
  });
  if (exists && !replace)
    throw PaydirtError.of(
      "conflict",
      "scenario_exists",
      `scenario ${rec.name} exists: pick another name or pass --replace`,
      { ids: { scenario: rec.name } },
    );
  const dir = mkdtempSync(join(tmpdir(), "paydirt-plan-"));
  const file = join(dir, "rows.csv");
  try {
    let text = csvLine([
      "scenario",
      "account_id",
      "old_owner",
      "new_owner",
      "locked",
      "reason",
      "latitude",
      "longitude",
      "measures",
    ]);
    for (const r of rec.rows) {
      text += csvLine([
        rec.name,
        r.account_id,
        r.old_owner,
        r.new_owner,
        r.locked,
        r.reason,
        r.latitude,
        r.longitude,
        r.measures,
      ]);
    }
    writeFileSync(file, text);
    await db.transaction(async () => {
      await db.run("DELETE FROM plan_assignments WHERE scenario = $name", { name: rec.name });
      await db.run("DELETE FROM plan_scenarios WHERE name = $name", { name: rec.name });
      await db.run("INSERT INTO plan_scenarios VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        rec.name,
        rec.solver,
        rec.status,
        rec.objective ?? null,
        rec.bound ?? null,
        rec.gap ?? null,
        rec.seconds,
        JSON.stringify(rec.config),
        JSON.stringify(rec.summary),
        JSON.stringify(rec.issues),
        JSON.stringify(rec.notes),
      ]);
      await db.run(
        `INSERT INTO plan_assignments SELECT * FROM read_csv($file, header = true,
        columns = {'scenario': 'VARCHAR', 'account_id': 'VARCHAR', 'old_owner': 'VARCHAR', 'new_owner': 'VARCHAR',
                   'locked': 'VARCHAR', 'reason': 'VARCHAR', 'latitude': 'DOUBLE', 'longitude': 'DOUBLE', 'measures': 'JSON'})`,
        { file },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stored scenario and its rows; throws naming the scenario when it does not exist. */
export async function loadScenario(
  db: Db,
  name: string,
): Promise<{ head: ScenarioRow; rows: AssignmentRow[] }> {
  const head = !(await hasScenarioTables(db))
    ? undefined
    : await db.one<ScenarioRow>(
        "SELECT name, CAST(created_at AS VARCHAR) AS created_at, solver, status, objective, bound, gap, seconds, CAST(config AS VARCHAR) AS config, CAST(summary AS VARCHAR) AS summary, CAST(issues AS VARCHAR) AS issues, CAST(notes AS VARCHAR) AS notes FROM plan_scenarios WHERE name = $name",
        { name },
      );
  if (!head) {
    const names = (await listScenarios(db)).map((s) => s.name);
    throw PaydirtError.of(
      "not_found",
      "scenario_not_found",
      `no scenario ${name}${names.length ? ` (have ${names.join(", ")})` : ""}`,
      { ids: { scenario: name } },
    );
  }
  const rows = await db.all<AssignmentRow>(
    "SELECT account_id, old_owner, new_owner, locked, reason, latitude, longitude, CAST(measures AS VARCHAR) AS measures FROM plan_assignments WHERE scenario = $name ORDER BY account_id",
    { name },
  );
  return { head, rows };
}

/** Stored scenarios, newest first. */
export async function listScenarios(db: Db): Promise<ScenarioRow[]> {
  if (!(await hasScenarioTables(db))) return [];
  return db.all<ScenarioRow>(
    "SELECT name, CAST(created_at AS VARCHAR) AS created_at, solver, status, objective, bound, gap, seconds, '' AS config, '' AS summary, CAST(issues AS VARCHAR) AS issues, '' AS notes FROM plan_scenarios ORDER BY created_at DESC",
  );
}
