import { ENTITIES, type EntitySpec, quotas } from "../../core/model/index.js";
import type { Db } from "./db.js";
import { entityDdl, ident, isVersioned, sqlType, tableName } from "./ddl.js";

/** One numbered schema change. Never edit a released migration: add the next one. */
interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Db): Promise<void>;
}

const opportunitiesAsOf = `
CREATE OR REPLACE MACRO opportunities_as_of(t) AS TABLE
WITH cur AS (
  SELECT * FROM opportunities
  WHERE created_date IS NOT NULL AND created_date <= CAST(t AS DATE)
), h AS (
  SELECT opportunity_id,
         arg_max(stage, changed_at) AS stage,
         arg_max(status, changed_at) AS status,
         arg_max(amount, changed_at) FILTER (WHERE amount IS NOT NULL) AS amount,
         arg_max(close_date, changed_at) FILTER (WHERE close_date IS NOT NULL) AS close_date,
         max(changed_at) AS changed_at
  FROM opportunity_history
  WHERE changed_at < CAST(t AS DATE) + INTERVAL 1 DAY
  GROUP BY opportunity_id
), j AS (
  SELECT cur.*, h.opportunity_id IS NOT NULL AS has_history,
         h.stage AS h_stage, h.status AS h_status, h.amount AS h_amount, h.close_date AS h_close_date,
         cur.status <> 'open' AND cur.close_date IS NOT NULL AND cur.close_date <= CAST(t AS DATE) AS closed_by_t
  FROM cur LEFT JOIN h USING (opportunity_id)
)
SELECT opportunity_id, account_id, owner_id, name, type, product, lead_source, created_date,
  CASE WHEN closed_by_t THEN status WHEN has_history THEN coalesce(h_status, 'open') ELSE 'open' END AS status,
  CASE WHEN closed_by_t THEN stage WHEN has_history THEN h_stage WHEN status = 'open' THEN stage ELSE NULL END AS stage,
  CASE WHEN has_history THEN coalesce(h_amount, amount) ELSE amount END AS amount,
  CASE WHEN closed_by_t THEN close_date WHEN has_history THEN h_close_date
       WHEN status = 'open' THEN close_date ELSE NULL END AS close_date,
  CASE WHEN closed_by_t THEN 'closed' WHEN has_history THEN 'history'
       WHEN status = 'open' THEN 'current' ELSE 'reconstructed' END AS state_source
FROM j`;

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "entity tables, import log, as-of macros",
    async up(db) {
      await db.run(`CREATE SEQUENCE IF NOT EXISTS import_ids START 1`);
      await db.run(`CREATE TABLE IF NOT EXISTS imports (
        import_id INTEGER PRIMARY KEY,
        entity VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP NOT NULL,
        known_from TIMESTAMP NOT NULL,
        files JSON NOT NULL,
        rows_read BIGINT NOT NULL,
        inserted BIGINT NOT NULL,
        updated BIGINT NOT NULL,
        unchanged BIGINT NOT NULL,
        warnings JSON NOT NULL,
        mapping JSON,
        tool_version VARCHAR NOT NULL
      )`);
      for (const e of ENTITIES) for (const s of entityDdl(e)) await db.run(s);
      await defineMacros(db);
    },
  },
  {
    version: 2,
    description: "target account lists (tal --save)",
    async up(db) {
      await db.run(`CREATE TABLE IF NOT EXISTS target_accounts (
        as_of DATE, account_id VARCHAR, "rank" INTEGER, tier VARCHAR, priority DOUBLE, "value" DOUBLE,
        timing DOUBLE, fit DOUBLE, motion VARCHAR, in_market BOOLEAN, explanation VARCHAR)`);
    },
  },
  {
    version: 3,
    description: "plan scenarios and their assignments (plan create)",
    async up(db) {
      await db.run(`CREATE TABLE IF NOT EXISTS plan_scenarios (
        name VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL, solver VARCHAR NOT NULL, status VARCHAR NOT NULL,
        objective DOUBLE, bound DOUBLE, gap DOUBLE, seconds DOUBLE NOT NULL,
        config JSON NOT NULL, summary JSON NOT NULL, issues JSON NOT NULL, notes JSON NOT NULL)`);
      await db.run(`CREATE TABLE IF NOT EXISTS plan_assignments (
        scenario VARCHAR NOT NULL, account_id VARCHAR NOT NULL, old_owner VARCHAR, new_owner VARCHAR,
        locked VARCHAR, reason VARCHAR, latitude DOUBLE, longitude DOUBLE, measures JSON NOT NULL)`);
    },
  },
  {
    version: 6,
    description: "books: refreshes, account states and changes (books refresh)",
    async up(db) {
      await db.run(`CREATE TABLE IF NOT EXISTS book_refreshes (
        refresh_id INTEGER PRIMARY KEY, as_of DATE NOT NULL, created_at TIMESTAMP NOT NULL,
        policy VARCHAR NOT NULL, plan_id VARCHAR NOT NULL, core_start DATE NOT NULL, quarter VARCHAR NOT NULL,
        intake JSON NOT NULL, config JSON NOT NULL, summary JSON NOT NULL, notes JSON NOT NULL)`);
      await db.run(`CREATE TABLE IF NOT EXISTS book_states (
        refresh_id INTEGER NOT NULL, account_id VARCHAR NOT NULL, stage VARCHAR NOT NULL, ae_id VARCHAR,
        bdr_id VARCHAR, since DATE NOT NULL, reason VARCHAR NOT NULL, cool_until DATE, last_surge DATE,
        lost_base INTEGER NOT NULL, "value" DOUBLE NOT NULL)`);
      await db.run(`CREATE TABLE IF NOT EXISTS book_changes (
        refresh_id INTEGER NOT NULL, as_of DATE NOT NULL, account_id VARCHAR NOT NULL, from_stage VARCHAR NOT NULL,
        to_stage VARCHAR NOT NULL, from_rep VARCHAR, to_rep VARCHAR, reason VARCHAR NOT NULL, data JSON NOT NULL)`);
    },
  },
  {
    version: 7,
    description: "books_as_of(t): the books of the latest refresh on or before t",
    async up(db) {
      await db.run(`CREATE OR REPLACE MACRO books_as_of(t) AS TABLE
        SELECT s.* FROM book_states s
        WHERE s.refresh_id = (SELECT max_by(refresh_id, as_of) FROM book_refreshes WHERE as_of <= CAST(t AS DATE))`);
    },
  },
  {
    version: 8,
    description: "quotas per rep and period (forecast coverage)",
    async up(db) {
      for (const s of entityDdl(quotas)) await db.run(s);
    },
  },
  {
    version: 9,
    description: "stored forecasts: groups, weekly fan and coverage (forecast --save)",
    async up(db) {
      await db.run(`CREATE TABLE IF NOT EXISTS forecasts (
        name VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL, as_of DATE NOT NULL,
        period1 VARCHAR NOT NULL, period2 VARCHAR NOT NULL, draws INTEGER NOT NULL, seed INTEGER NOT NULL,
        open_deals INTEGER NOT NULL, multiple DOUBLE NOT NULL, qualified_stage VARCHAR,
        fan JSON NOT NULL, issues JSON NOT NULL)`);
      await db.run(`CREATE TABLE IF NOT EXISTS forecast_groups (
        name VARCHAR NOT NULL, "by" VARCHAR NOT NULL, "key" VARCHAR NOT NULL, period VARCHAR NOT NULL,
        won_to_date DOUBLE NOT NULL, open_expected DOUBLE NOT NULL, new_expected DOUBLE NOT NULL,
        mean DOUBLE NOT NULL, p10 DOUBLE NOT NULL, p50 DOUBLE NOT NULL, p90 DOUBLE NOT NULL,
        quota DOUBLE, open_deals INTEGER NOT NULL)`);
      await db.run(`CREATE TABLE IF NOT EXISTS forecast_coverage (
        name VARCHAR NOT NULL, "by" VARCHAR NOT NULL, "key" VARCHAR NOT NULL, period VARCHAR NOT NULL,
        quota DOUBLE, won_to_date DOUBLE NOT NULL, remaining DOUBLE, qualified DOUBLE NOT NULL,
        expected DOUBLE NOT NULL, coverage DOUBLE, flagged BOOLEAN NOT NULL, gap DOUBLE NOT NULL,
        suggestions JSON NOT NULL)`);
    },
  },
];

/** Latest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);

async function defineMacros(db: Db): Promise<void> {
  await db.run(opportunitiesAsOf);
  await db.run(`CREATE OR REPLACE MACRO signals_as_of(t) AS TABLE
    SELECT * FROM signals WHERE occurred_at < CAST(t AS DATE) + INTERVAL 1 DAY`);
  await db.run(`CREATE OR REPLACE MACRO revenue_as_of(t) AS TABLE
    SELECT * FROM revenue WHERE month + INTERVAL 1 MONTH <= CAST(t AS DATE) + INTERVAL 1 DAY`);
  for (const e of ENTITIES.filter(isVersioned)) {
    await db.run(`CREATE OR REPLACE MACRO ${ident(`${e.name}_known_at`)}(t) AS TABLE
      SELECT * EXCLUDE (_known_to, _row_hash) FROM ${ident(tableName(e))}
      WHERE _known_from <= CAST(t AS TIMESTAMP) AND (_known_to IS NULL OR _known_to > CAST(t AS TIMESTAMP))`);
  }
}

/** Bring a store up to date: numbered migrations, then additive columns for fields added since. */
export async function migrate(db: Db): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  const done = new Set(
    (await db.all<{ version: number }>("SELECT version FROM schema_migrations")).map(
      (r) => r.version,
    ),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await m.up(db);
    await db.run("INSERT INTO schema_migrations VALUES (?, ?, now())", [m.version, m.description]);
  }
  let changed = false;
  for (const e of ENTITIES) changed = (await addMissingColumns(db, e)) || changed;
  if (changed) await defineMacros(db);
}

/** Stores created before a field existed get it as a new (empty) column. */
async function addMissingColumns(db: Db, entity: EntitySpec): Promise<boolean> {
  const table = tableName(entity);
  const have = new Set(
    (
      await db.all<{ column_name: string }>(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND database_name = current_database()",
        [table],
      )
    ).map((r) => r.column_name),
  );
  const missing = entity.fields.filter((f) => !have.has(f.name));
  for (const f of missing) {
    await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(f.name)} ${sqlType(f.type)}`);
  }
  if (missing.length > 0) for (const s of entityDdl(entity).slice(1)) await db.run(s);
  return missing.length > 0;
}
