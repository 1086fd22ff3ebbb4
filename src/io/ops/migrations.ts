import type { OpsConnection } from "./sql.js";

/**
 * The operational store's schema, one numbered step at a time, in the PostgreSQL dialect that
 * PGlite and PostgreSQL share. Applied in one transaction under an advisory lock, so several
 * service processes starting at once migrate once.
 */
export const OPS_MIGRATIONS: readonly {
  readonly version: number;
  readonly sql: readonly string[];
}[] = [
  {
    version: 1,
    sql: [
      `CREATE TABLE IF NOT EXISTS leads (
        lead_id TEXT PRIMARY KEY, received_at TIMESTAMPTZ NOT NULL, payload JSONB NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS decisions (
        lead_id TEXT PRIMARY KEY REFERENCES leads(lead_id), decided_at TIMESTAMPTZ NOT NULL,
        account_id TEXT, match_confidence DOUBLE PRECISION NOT NULL, owner_id TEXT, queue TEXT,
        rule TEXT NOT NULL, reasons JSONB NOT NULL, trail JSONB NOT NULL, candidates JSONB NOT NULL,
        inputs JSONB NOT NULL, evidence JSONB NOT NULL, config_version INTEGER NOT NULL,
        turn_pool TEXT, turn_rep TEXT, process TEXT)`,
      "CREATE INDEX IF NOT EXISTS decisions_owner ON decisions(owner_id, decided_at)",
      `CREATE TABLE IF NOT EXISTS pool_turns (
        pool_id TEXT NOT NULL, rep_id TEXT NOT NULL, turns BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (pool_id, rep_id))`,
      `CREATE TABLE IF NOT EXISTS reps (
        rep_id TEXT PRIMARY KEY, active BOOLEAN NOT NULL DEFAULT TRUE, status JSONB NOT NULL DEFAULT '{}',
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      `CREATE TABLE IF NOT EXISTS rep_daily (
        rep_id TEXT NOT NULL, day DATE NOT NULL, assigned INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (rep_id, day))`,
      `CREATE TABLE IF NOT EXISTS standings (
        account_id TEXT PRIMARY KEY, book_owner TEXT, bdr TEXT, patch_owner TEXT, stage TEXT,
        source TEXT NOT NULL, published_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      `CREATE TABLE IF NOT EXISTS audit (
        id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), kind TEXT NOT NULL,
        lead_id TEXT, rep_id TEXT, data JSONB NOT NULL DEFAULT '{}')`,
      "CREATE INDEX IF NOT EXISTS audit_lead ON audit(lead_id)",
      "CREATE INDEX IF NOT EXISTS audit_at ON audit(at)",
    ],
  },
  {
    // The server's route batches, one round trip up to the decision: store the new leads (sorted,
    // so two batches sharing ids cannot deadlock), then take the pools' row locks, then read the
    // state. Each statement of a VOLATILE function reads a fresh snapshot, so the state read after
    // the lock includes every decision committed while this one waited for it.
    version: 2,
    sql: [
      `CREATE OR REPLACE FUNCTION ops_route_begin(p_ids TEXT[], p_at TIMESTAMPTZ, p_payloads JSONB[],
         p_pools TEXT[], p_week_start DATE, p_accounts TEXT[], p_day DATE, p_caps BOOLEAN)
       RETURNS JSON LANGUAGE plpgsql VOLATILE AS $$
       DECLARE
         v_inserted JSON;
         v_state JSON;
       BEGIN
         WITH ins AS (
           INSERT INTO leads (lead_id, received_at, payload)
           SELECT u.id, p_at, u.p FROM unnest(p_ids, p_payloads) AS u(id, p) ORDER BY u.id
           ON CONFLICT (lead_id) DO NOTHING RETURNING leads.lead_id)
         SELECT coalesce(json_agg(ins.lead_id), '[]'::json) INTO v_inserted FROM ins;
         IF json_array_length(v_inserted) = 0 THEN
           RETURN json_build_object('inserted', v_inserted);
         END IF;
         -- every pool's turn rows (a superset of any config's), in one order: no deadlocks
         PERFORM 1 FROM pool_turns ORDER BY pool_id, rep_id FOR UPDATE;
         SELECT json_build_object(
           'inserted', v_inserted,
           'turns', (SELECT coalesce(json_agg(json_build_array(t.pool_id, t.rep_id, t.turns)), '[]'::json)
                     FROM pool_turns t WHERE t.pool_id = ANY(p_pools)),
           'reps', (SELECT coalesce(json_agg(json_build_array(r.rep_id, r.active, r.status)), '[]'::json) FROM reps r),
           'load', (SELECT coalesce(json_agg(json_build_array(d.rep_id, to_char(d.day, 'YYYY-MM-DD'), d.assigned)), '[]'::json)
                    FROM rep_daily d WHERE p_caps AND d.day >= p_week_start AND d.day <= p_day),
           'standings', (SELECT coalesce(json_agg(s), '[]'::json) FROM standings s WHERE s.account_id = ANY(p_accounts)))
         INTO v_state;
         RETURN v_state;
       END $$`,
    ],
  },
];

/** The schema version the migrations bring a store to. */
export const OPS_SCHEMA_VERSION = OPS_MIGRATIONS[OPS_MIGRATIONS.length - 1]?.version ?? 0;

/** Bring the schema up to date (idempotent; safe from several processes at once). */
export async function migrateOps(db: OpsConnection): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(7272010)");
    await tx.query(
      "CREATE TABLE IF NOT EXISTS ops_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    const rows = await tx.query<{ v: number | null }>("SELECT max(version) AS v FROM ops_schema");
    const current = rows[0]?.v ?? 0;
    for (const m of OPS_MIGRATIONS) {
      if (m.version <= current) continue;
      for (const s of m.sql) await tx.query(s);
      await tx.query("INSERT INTO ops_schema (version) VALUES ($1)", [m.version]);
    }
    return OPS_MIGRATIONS[OPS_MIGRATIONS.length - 1]?.version ?? 0;
  });
}
