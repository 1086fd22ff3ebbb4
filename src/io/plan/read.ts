import { PaydirtError } from "../../core/errors.js";
import { areaColumnOf, type ScenarioConfig } from "../../core/planning/scenario/config.js";
import type { AccountInput, RepInput } from "../../core/planning/scenario/inputs.js";
import type { Db } from "../store/db.js";
import { ident } from "../store/ddl.js";
import { listValue } from "../store/values.js";

const NUMERIC =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/i;

async function columns(db: Db, table: string): Promise<Map<string, string>> {
  const rows = await db.all<{ column_name: string; column_type: string }>(
    `DESCRIBE ${ident(table)}`,
  );
  return new Map(rows.map((r) => [r.column_name, r.column_type]));
}

/**
 * The accounts a plan reads: every accounts column, plus the latest target account list's
 * `tal_priority`, `tal_value` and `tal_fit` when `paydirt tal --save` has kept one, so that a
 * measure can be the scored potential instead of a raw firmographic.
 */
async function planAccounts(db: Db): Promise<string> {
  // target_accounts comes from migration 2; stores migrated before it lack the table.
  const table = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'target_accounts' AND NOT temporary",
  );
  if (!table?.n) return "accounts";
  const tal = await db.one<{ n: number }>("SELECT count(*) AS n FROM target_accounts");
  if (!tal?.n) return "accounts";
  await db.run(`CREATE OR REPLACE TEMP VIEW plan_accounts AS
    SELECT a.*, t.priority AS tal_priority, t.value AS tal_value, t.fit AS tal_fit
    FROM accounts a LEFT JOIN (
      SELECT * FROM target_accounts WHERE as_of = (SELECT max(as_of) FROM target_accounts)
    ) t USING (account_id)`);
  return "plan_accounts";
}

/** Read the accounts, reps and open opportunities a scenario needs; errors name a missing or non-numeric column. */
export async function readPlanInputs(
  db: Db,
  config: ScenarioConfig,
): Promise<{ accounts: AccountInput[]; reps: RepInput[] }> {
  const source = await planAccounts(db);
  const acols = await columns(db, source);
  // Numeric columns read per account, each with the config entry that first names it.
  const named = new Map<string, (string | number)[]>();
  config.measures.forEach((m, k) => {
    if (m.column && !named.has(m.column)) named.set(m.column, ["measures", k, "column"]);
  });
  config.org?.overlays.forEach((o, i) => {
    if (!named.has(o.column)) named.set(o.column, ["org", "overlays", i, "column"]);
  });
  const wanted = [...named.keys()];
  for (const c of wanted) {
    const t = acols.get(c);
    const where = { path: { json: named.get(c) ?? [] }, ids: { column: c } };
    if (!t)
      throw PaydirtError.of(
        "invalid",
        "measure_column",
        `measure column ${c} is not an accounts column (have ${[...acols.keys()].filter((k) => NUMERIC.test(acols.get(k) ?? "")).join(", ")})`,
        where,
      );
    if (!NUMERIC.test(t))
      throw PaydirtError.of(
        "invalid",
        "measure_column",
        `measure column ${c} is ${t}, not numeric`,
        where,
      );
  }
  if (!acols.has(config.tagColumn))
    throw PaydirtError.of(
      "invalid",
      "measure_column",
      `tagColumn ${config.tagColumn} is not an accounts column`,
      { path: { json: ["tagColumn"] }, ids: { column: config.tagColumn } },
    );
  const areaColumn = areaColumnOf(config);
  const area = areaColumn === undefined ? "NULL" : `CAST(${ident(areaColumn)} AS VARCHAR)`;
  if (areaColumn !== undefined && !acols.has(areaColumn)) {
    throw PaydirtError.of(
      "invalid",
      "measure_column",
      `areaColumn ${areaColumn} is not an accounts column`,
      { path: { json: ["areaColumn"] }, ids: { column: areaColumn } },
    );
  }
  const open = new Set(
    (
      await db.all<{ id: string }>(
        "SELECT DISTINCT account_id AS id FROM opportunities WHERE status = 'open'",
      )
    ).map((r) => r.id),
  );
  const regionColumn = config.org?.regionColumn;
  if (regionColumn !== undefined && !acols.has(regionColumn))
    throw PaydirtError.of(
      "invalid",
      "measure_column",
      `org.regionColumn ${regionColumn} is not an accounts column`,
      { path: { json: ["org", "regionColumn"] }, ids: { column: regionColumn } },
    );
  const region = regionColumn === undefined ? "NULL" : `CAST(${ident(regionColumn)} AS VARCHAR)`;
  const sel = wanted.map((c, i) => `${ident(c)} AS m${i}`).join(", ");
  const rows = await db.all<Record<string, unknown>>(
    `SELECT account_id, owner_id, latitude, longitude, CAST(${ident(config.tagColumn)} AS VARCHAR) AS tag, ${area} AS area, ${region} AS org_region${sel ? `, ${sel}` : ""}
     FROM ${source} ORDER BY account_id`,
  );
  const num = (v: unknown) => (v === null || v === undefined || v === "" ? null : Number(v));
  const accounts: AccountInput[] = rows.map((r) => ({
    id: String(r.account_id),
    owner: r.owner_id === null || r.owner_id === undefined ? null : String(r.owner_id),
    latitude: num(r.latitude),
    longitude: num(r.longitude),
    tag: r.tag === null || r.tag === undefined ? null : String(r.tag),
    area: r.area === null || r.area === undefined ? null : String(r.area),
    values: Object.fromEntries(wanted.map((c, i) => [c, num(r[`m${i}`])])),
    openOpportunity: open.has(String(r.account_id)),
    region: r.org_region === null || r.org_region === undefined ? null : String(r.org_region),
  }));
  const roles = config.roles?.length ? [...config.roles] : null;
  // Overlay specialists are read whatever their role (buildScenario keeps them out of the territory).
  const specialists = config.org?.overlays.flatMap((o) => o.specialists) ?? [];
  const also = specialists.length
    ? " OR list_contains(CAST($specialists AS VARCHAR[]), CAST(rep_id AS VARCHAR))"
    : "";
  const repRows = await db.all<Record<string, unknown>>(
    `SELECT rep_id, name, capacity, home_latitude, home_longitude, skills, team FROM reps
     WHERE coalesce(active, true) ${roles ? `AND (list_contains(CAST($roles AS VARCHAR[]), role)${also})` : ""} ORDER BY rep_id`,
    roles
      ? {
          roles: listValue(roles),
          ...(specialists.length ? { specialists: listValue(specialists) } : {}),
        }
      : undefined,
  );
  const reps: RepInput[] = repRows.map((r) => ({
    id: String(r.rep_id),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    capacity: num(r.capacity),
    latitude: num(r.home_latitude),
    longitude: num(r.home_longitude),
    skills: Array.isArray(r.skills) ? r.skills.map(String) : [],
    team: r.team === null || r.team === undefined ? null : String(r.team),
  }));
  return { accounts, reps };
}
