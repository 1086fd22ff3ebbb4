/**
 * The routing service's operational store: leads, decisions with their trail, round-robin turns,
 * per-rep daily counts (caps), rep availability, account standings and an audit log. Each
 * decision is made and written in one transaction that first takes row locks on the pools'
 * turn rows, so no two processes give the same turn away; a lead's id is its idempotency key.
 */
import type { Evidence } from "../../core/routing/match/types.js";
import type { ReplayLead, ReplayStart } from "../../core/routing/replay.js";
import {
  capDays,
  type Decision,
  decide,
  type RepLoad,
  type RepStatus,
  type RouteAccount,
  type RouteLead,
  type RoutingConfig,
  type RoutingRule,
} from "../../core/routing/rules/index.js";
import type { AccountStanding } from "../../core/routing/standing.js";
import { migrateOps, OPS_SCHEMA_VERSION } from "./migrations.js";
import { type OpsConnection, openPglite, openPostgres, type Sql } from "./sql.js";

/** A routing plan: the checked config and its rule objects. */
export interface RoutingPlan {
  readonly config: RoutingConfig;
  readonly rules: readonly RoutingRule[];
}

/** What the service knows about a lead before routing it. */
export interface RouteInput {
  readonly lead: RouteLead;
  /** The lead as received (stored verbatim). */
  readonly payload: unknown;
  readonly match: {
    readonly accountId: string | null;
    readonly confidence: number;
    readonly evidence: readonly Evidence[];
  };
  readonly account: RouteAccount | null;
}

/** A stored decision as the API returns it. */
export interface StoredDecision extends Decision {
  readonly decidedAt: string;
  readonly evidence: readonly Evidence[];
}

const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;
const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

type Turns = Map<string, Map<string, number>>;
type StandingRow = {
  account_id: string;
  book_owner: string | null;
  bdr: string | null;
  patch_owner: string | null;
  stage: string | null;
  source: string;
};
const standingOf = (s: StandingRow): AccountStanding => ({
  bookOwner: s.book_owner,
  bdr: s.bdr,
  patchOwner: s.patch_owner,
  stage: s.stage as AccountStanding["stage"],
  source: s.source === "books" ? "books" : "plan",
});

/**
 * What decisions read, held in memory when this process is the store's only writer (embedded
 * PGlite: its data directory belongs to one process). It changes only through this object's
 * writes, each applied after its commit, so it always equals the tables.
 */
interface OwnedState {
  reps: Map<string, RepStatus>;
  turns: Turns;
  /** Assignments per rep and cap day (the last few weeks). */
  daily: Map<string, Map<string, number>>;
  standings: Map<string, AccountStanding>;
}

/** Loads per rep for the cap day and ISO week of `days`. */
function loadsOf(
  daily: ReadonlyMap<string, ReadonlyMap<string, number>>,
  days: { day: string; weekStart: string },
): Map<string, RepLoad> {
  const load = new Map<string, RepLoad>();
  for (const [rep, byDay] of daily) {
    let week = 0;
    for (const [d, n] of byDay) if (d >= days.weekStart && d <= days.day) week += n;
    load.set(rep, { today: byDay.get(days.day) ?? 0, week });
  }
  return load;
}

// The writes of a batch of decisions, in one statement: decisions, round-robin turns, per-day
// counts and audit rows (and, for the embedded store, the leads themselves: a lead stored before
// makes the statement fail on leads_pkey or decisions_pkey, and a failed statement writes nothing).
const DECISION_ROWS = `x AS (
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(lead_id text, payload jsonb, account_id text, match_confidence float8,
       owner_id text, queue text, rule text, reasons jsonb, trail jsonb, candidates jsonb, inputs jsonb,
       evidence jsonb, config_version int, turn_pool text, turn_rep text, audit jsonb))`;
const WRITE_DECISIONS = `
   d AS (
     INSERT INTO decisions (lead_id, decided_at, account_id, match_confidence, owner_id, queue, rule, reasons, trail,
       candidates, inputs, evidence, config_version, turn_pool, turn_rep, process)
     SELECT lead_id, $2::timestamptz, account_id, match_confidence, owner_id, queue, rule, reasons, trail,
       candidates, inputs, evidence, config_version, turn_pool, turn_rep, $3 FROM x),
   t AS (
     UPDATE pool_turns p SET turns = p.turns + c.n
     FROM (SELECT turn_pool, turn_rep, count(*) AS n FROM x WHERE turn_pool IS NOT NULL GROUP BY 1, 2) c
     WHERE p.pool_id = c.turn_pool AND p.rep_id = c.turn_rep),
   l AS (
     INSERT INTO rep_daily (rep_id, day, assigned)
     SELECT owner_id, $4::date, count(*) FROM x WHERE owner_id IS NOT NULL GROUP BY owner_id
     ON CONFLICT (rep_id, day) DO UPDATE SET assigned = rep_daily.assigned + EXCLUDED.assigned)
   INSERT INTO audit (at, kind, lead_id, rep_id, data) SELECT $2::timestamptz, 'decision', lead_id, owner_id, audit FROM x`;
const WRITE_SQL = `WITH ${DECISION_ROWS},${WRITE_DECISIONS}`;
const WRITE_WITH_LEADS_SQL = `WITH ${DECISION_ROWS},
   n AS (INSERT INTO leads (lead_id, received_at, payload) SELECT lead_id, $2::timestamptz, payload FROM x),${WRITE_DECISIONS}`;

/** Whether an error is the unique violation of a lead id stored before. */
const isLeadConflict = (e: unknown) =>
  (e as { code?: string } | null)?.code === "23505" &&
  /\b(leads_pkey|decisions_pkey)\b/.test(
    `${(e as { constraint?: string }).constraint ?? ""} ${(e as Error).message ?? ""}`,
  );

export class OpsStore {
  /** Decision state in memory (embedded store only; see OwnedState). */
  private owned: OwnedState | null = null;
  /** Serialises the embedded store's writes (each reads and updates `owned`). */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: OpsConnection,
    /** Name of this process in decisions (for audits across processes). */
    readonly process: string,
  ) {}

  /** Open (and migrate) the store: PostgreSQL when `pg` is a URL, else PGlite in `dataDir` (memory when absent). */
  static async open(
    options: { pg?: string; dataDir?: string; process?: string; poolSize?: number } = {},
  ): Promise<OpsStore> {
    const lite = options.pg ? null : await openPglite(options.dataDir, OPS_SCHEMA_VERSION);
    const db = lite ?? (await openPostgres(options.pg as string, options.poolSize));
    try {
      await migrateOps(db);
      await lite?.keepTemplate().catch(() => {}); // a cache: failing to save it changes nothing
      const store = new OpsStore(db, options.process ?? "paydirt");
      if (db.engine === "pglite") await store.loadOwned();
      return store;
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.tail;
    await this.db.close();
  }

  /** Run `fn` after every earlier write of this store (embedded store), or now (server). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.owned) return fn();
    const run = this.tail.then(fn);
    this.tail = run.catch(() => {});
    return run;
  }

  /** (Re)read the decision state into memory (embedded store). */
  private async loadOwned(parts: { standings?: boolean } = {}): Promise<void> {
    const reps = new Map<string, RepStatus>();
    for (const r of await this.db.query<{ rep_id: string; active: boolean; status: unknown }>(
      "SELECT rep_id, active, status FROM reps",
    ))
      reps.set(r.rep_id, { id: r.rep_id, active: r.active, ...parse<Json>(r.status) });
    const turns: Turns = new Map();
    for (const r of await this.db.query<{ pool_id: string; rep_id: string; turns: unknown }>(
      "SELECT pool_id, rep_id, turns FROM pool_turns",
    )) {
      const t = turns.get(r.pool_id) ?? new Map<string, number>();
      t.set(r.rep_id, Number(r.turns));
      turns.set(r.pool_id, t);
    }
    const daily = new Map<string, Map<string, number>>();
    // Cap weeks start on a Monday in the rule set's time zone: 9 days back covers any of them.
    for (const r of await this.db.query<{ rep_id: string; day: string; assigned: number }>(
      "SELECT rep_id, to_char(day, 'YYYY-MM-DD') AS day, assigned FROM rep_daily WHERE day >= $1::date",
      [new Date(Date.now() - 9 * DAY_MS).toISOString().slice(0, 10)],
    )) {
      const m = daily.get(r.rep_id) ?? new Map<string, number>();
      m.set(r.day, Number(r.assigned));
      daily.set(r.rep_id, m);
    }
    let standings = this.owned?.standings;
    if (!standings || parts.standings) {
      standings = new Map();
      for (const r of await this.db.query<StandingRow>("SELECT * FROM standings"))
        standings.set(r.account_id, standingOf(r));
    }
    this.owned = { reps, turns, daily, standings };
  }

  /** Register reps (keeps any availability already stored) and every pool member's turn row. */
  async prepare(reps: readonly string[], config: RoutingConfig): Promise<void> {
    await this.exclusive(async () => {
      if (reps.length)
        await this.db.query(
          "INSERT INTO reps (rep_id) SELECT unnest($1::text[]) ON CONFLICT (rep_id) DO NOTHING",
          [reps],
        );
      const pools: string[] = [];
      const members: string[] = [];
      for (const p of config.pools)
        for (const m of p.members) {
          pools.push(p.id);
          members.push(m.rep);
        }
      if (pools.length)
        await this.db.query(
          "INSERT INTO pool_turns (pool_id, rep_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
          [pools, members],
        );
      if (this.owned) await this.loadOwned();
    });
  }

  /** Publish account standings (from books or the plan), replacing the previous ones, in one transaction. */
  async publishStandings(standings: ReadonlyMap<string, AccountStanding>): Promise<void> {
    const rows = [...standings];
    await this.exclusive(async () => {
      await this.db.transaction(async (tx) => {
        await tx.query("DELETE FROM standings");
        for (let i = 0; i < rows.length; i += 5000) {
          const part = rows.slice(i, i + 5000);
          await tx.query(
            `INSERT INTO standings (account_id, book_owner, bdr, patch_owner, stage, source)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
            [
              part.map(([id]) => id),
              part.map(([, s]) => s.bookOwner),
              part.map(([, s]) => s.bdr),
              part.map(([, s]) => s.patchOwner),
              part.map(([, s]) => s.stage),
              part.map(([, s]) => s.source),
            ],
          );
        }
      });
      if (this.owned) this.owned.standings = new Map(standings);
    });
  }

  /** Whether a rep is known to the store. */
  async hasRep(repId: string): Promise<boolean> {
    return (await this.db.query("SELECT 1 FROM reps WHERE rep_id = $1", [repId])).length > 0;
  }

  /** Set a rep's availability (active, out of office, working hours, skills) and audit it (at `at`, default now). */
  async setAvailability(status: RepStatus, at = new Date()): Promise<void> {
    const { id, active, ...rest } = status;
    await this.exclusive(async () => {
      await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO reps (rep_id, active, status, updated_at) VALUES ($1, $2, $3::jsonb, $4::timestamptz)
         ON CONFLICT (rep_id) DO UPDATE SET active = EXCLUDED.active, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
          [id, active, JSON.stringify(rest), at.toISOString()],
        );
        await tx.query(
          "INSERT INTO audit (at, kind, rep_id, data) VALUES ($3::timestamptz, 'availability', $1, $2::jsonb)",
          [id, JSON.stringify(status), at.toISOString()],
        );
      });
      this.owned?.reps.set(id, { id, active, ...rest });
    });
  }

  /** A rep's availability, or null for an unknown rep. */
  async availability(repId: string): Promise<RepStatus | null> {
    const rows = await this.db.query<{ rep_id: string; active: boolean; status: unknown }>(
      "SELECT rep_id, active, status FROM reps WHERE rep_id = $1",
      [repId],
    );
    const r = rows[0];
    return r ? { id: r.rep_id, active: r.active, ...parse<Json>(r.status) } : null;
  }

  /**
   * Route a lead exactly once: the first call decides (under the pools' row locks) and stores the
   * decision, its round-robin turn, the owner's count and an audit row; later calls with the same
   * lead id return the stored decision and change nothing.
   */
  async route(
    input: RouteInput,
    plan: RoutingPlan,
    now = new Date(),
  ): Promise<{ decision: StoredDecision; created: boolean }> {
    return (await this.routeMany([input], plan, now))[0] as {
      decision: StoredDecision;
      created: boolean;
    };
  }

  /**
   * Route several leads in ONE transaction (group commit): new leads are decided in order, each
   * seeing the turns and counts of those before it; leads stored before (or repeated in the
   * batch) get their first decision back. All or nothing.
   *
   * PostgreSQL server (several processes): two round trips. The first (with BEGIN) calls
   * `ops_route_begin` (migration 2): it stores the new leads, then locks the pools' turn rows, then
   * reads the state in a statement of its own, so the state includes every decision committed
   * while this one waited for the lock. The second writes the decisions together with COMMIT. The
   * locks are thus held from the read to the commit's WAL flush and no longer.
   * Embedded PGlite (one process): the state is held in memory and the whole batch is one
   * statement.
   */
  async routeMany(
    inputs: readonly RouteInput[],
    plan: RoutingPlan,
    now = new Date(),
  ): Promise<{ decision: StoredDecision; created: boolean }[]> {
    const first = new Map<string, RouteInput>();
    for (const i of inputs) if (!first.has(i.lead.id)) first.set(i.lead.id, i);
    const days = capDays(now, plan.config.capTimeZone);
    const at = now.toISOString();
    if (this.owned) return this.exclusive(() => this.routeOwned(inputs, first, plan, at, days));
    const poolIds = plan.config.pools.map((p) => p.id).sort();
    const ids = [...first.keys()];
    const accountIds = [
      ...new Set([...first.values()].map((i) => i.match.accountId).filter((x): x is string => !!x)),
    ];
    return this.db.transaction(
      async (tx, begun) => {
        const row = parse<{
          inserted: string[];
          turns?: [string, string, number][];
          reps?: [string, boolean, Json][];
          load?: [string, string, number][];
          standings?: StandingRow[];
        }>(begun[0]?.state);
        const inserted = new Set(row.inserted);
        const turns: Turns = new Map();
        for (const [pool, rep, n] of row.turns ?? []) {
          const t = turns.get(pool) ?? new Map<string, number>();
          t.set(rep, Number(n));
          turns.set(pool, t);
        }
        const reps = new Map<string, RepStatus>();
        for (const [id, active, status] of row.reps ?? [])
          reps.set(id, { id, active, ...parse<Json>(status) });
        const daily = new Map<string, Map<string, number>>();
        for (const [rep, d, n] of row.load ?? []) {
          const m = daily.get(rep) ?? new Map<string, number>();
          m.set(d, Number(n));
          daily.set(rep, m);
        }
        const standings = new Map<string, AccountStanding>();
        for (const s of row.standings ?? []) standings.set(s.account_id, standingOf(s));
        const fresh = ids.filter((id) => inserted.has(id));
        const { made, records } = this.decideAll(fresh, first, plan, at, days, false, {
          reps,
          turns,
          daily,
          standings,
        });
        // the writes go with COMMIT: the pools' locks are held for one round trip after the read
        if (records.length)
          tx.commitWith({
            sql: WRITE_SQL,
            params: [JSON.stringify(records), at, this.process, days.day],
          });
        // answers for leads stored before are read before the commit; the new ones are `made`
        return this.answers(inputs, made, tx);
      },
      {
        // one round trip with BEGIN: store the new leads, then lock the pools and read the state
        first: {
          sql: `SELECT ops_route_begin($1::text[], $2::timestamptz, $3::jsonb[], $4::text[], $5::date,
                  $6::text[], $7::date, $8::boolean) AS state`,
          params: [
            ids,
            at,
            ids.map((id) => JSON.stringify((first.get(id) as RouteInput).payload)),
            poolIds,
            days.weekStart,
            accountIds,
            days.day,
            // the counts matter only to caps
            plan.config.pools.some((p) => p.dailyCap !== undefined || p.weeklyCap !== undefined),
          ],
        },
      },
    );
  }

  /** The embedded store's batch: decided from memory, written in one statement, then remembered. */
  private async routeOwned(
    inputs: readonly RouteInput[],
    first: ReadonlyMap<string, RouteInput>,
    plan: RoutingPlan,
    at: string,
    days: { day: string; weekStart: string },
  ): Promise<{ decision: StoredDecision; created: boolean }[]> {
    const owned = this.owned as OwnedState;
    const attempt = async (ids: string[]) => {
      // decide on copies: memory changes only once the statement has committed
      const turns: Turns = new Map([...owned.turns].map(([p, t]) => [p, new Map(t)]));
      const daily = new Map([...owned.daily].map(([r, m]) => [r, new Map(m)]));
      const { made, records } = this.decideAll(ids, first, plan, at, days, true, {
        reps: owned.reps,
        turns,
        daily,
        standings: owned.standings,
      });
      if (records.length)
        await this.db.query(WRITE_WITH_LEADS_SQL, [
          JSON.stringify(records),
          at,
          this.process,
          days.day,
        ]);
      owned.turns = turns;
      owned.daily = daily;
      return made;
    };
    const ids = [...first.keys()];
    let made: Map<string, StoredDecision>;
    try {
      made = await attempt(ids); // the usual case: every lead is new
    } catch (e) {
      if (!isLeadConflict(e)) throw e;
      // some were stored before: decide only the others (nothing of the failed statement remains)
      const known = new Set(
        (
          await this.db.query<{ lead_id: string }>(
            "SELECT lead_id FROM leads WHERE lead_id = ANY($1::text[])",
            [ids],
          )
        ).map((r) => r.lead_id),
      );
      made = await attempt(ids.filter((id) => !known.has(id)));
    }
    return this.answers(inputs, made, this.db);
  }

  /**
   * Decide new leads in order against a state snapshot, counting each one's turn and load in it
   * (so the next lead sees them); returns the decisions and the rows to write.
   */
  private decideAll(
    ids: readonly string[],
    first: ReadonlyMap<string, RouteInput>,
    plan: RoutingPlan,
    at: string,
    days: { day: string; weekStart: string },
    /** Whether the rows carry the leads' payloads (written with the decisions). */
    withPayload: boolean,
    state: {
      reps: ReadonlyMap<string, RepStatus>;
      turns: Turns;
      daily: Map<string, Map<string, number>>;
      standings: ReadonlyMap<string, AccountStanding>;
    },
  ): { made: Map<string, StoredDecision>; records: Json[] } {
    const { turns, daily } = state;
    const load = loadsOf(daily, days);
    const made = new Map<string, StoredDecision>();
    const records: Json[] = [];
    for (const id of ids) {
      const input = first.get(id) as RouteInput;
      const decision = decide(
        input.lead,
        {
          now: at,
          match: { accountId: input.match.accountId, confidence: input.match.confidence },
          account: input.account,
          standing: input.match.accountId
            ? (state.standings.get(input.match.accountId) ?? null)
            : null,
          reps: state.reps,
          load,
          turns,
        },
        plan.rules,
        plan.config.version,
      );
      // the next lead in the batch sees this one's turn and count
      if (decision.turn) {
        const t = turns.get(decision.turn.pool) ?? new Map<string, number>();
        t.set(decision.turn.repId, (t.get(decision.turn.repId) ?? 0) + 1);
        turns.set(decision.turn.pool, t);
      }
      if (decision.ownerId) {
        const l = load.get(decision.ownerId) ?? { today: 0, week: 0 };
        load.set(decision.ownerId, { today: l.today + 1, week: l.week + 1 });
        const m = daily.get(decision.ownerId) ?? new Map<string, number>();
        m.set(days.day, (m.get(days.day) ?? 0) + 1);
        daily.set(decision.ownerId, m);
      }
      made.set(id, { ...decision, decidedAt: at, evidence: input.match.evidence });
      records.push({
        lead_id: id,
        payload: withPayload ? input.payload : undefined,
        account_id: decision.accountId,
        match_confidence: decision.matchConfidence,
        owner_id: decision.ownerId,
        queue: decision.queue,
        rule: decision.rule,
        reasons: decision.reasons,
        trail: decision.trail,
        candidates: decision.candidates,
        inputs: decision.inputs,
        evidence: input.match.evidence,
        config_version: decision.configVersion,
        turn_pool: decision.turn?.pool ?? null,
        turn_rep: decision.turn?.repId ?? null,
        audit: {
          rule: decision.rule,
          owner: decision.ownerId,
          queue: decision.queue,
          process: this.process,
        },
      });
    }
    return { made, records };
  }

  /** One answer per input, in order: its new decision, or the one stored before. */
  private async answers(
    inputs: readonly RouteInput[],
    made: ReadonlyMap<string, StoredDecision>,
    sql: Sql,
  ): Promise<{ decision: StoredDecision; created: boolean }[]> {
    const out: { decision: StoredDecision; created: boolean }[] = [];
    const seen = new Set<string>();
    for (const i of inputs) {
      const id = i.lead.id;
      const mine = made.get(id);
      if (mine && !seen.has(id)) {
        seen.add(id);
        out.push({ decision: mine, created: true });
        continue;
      }
      const stored = mine ?? (await readDecision(sql, id));
      if (!stored) throw new Error(`lead ${id} is stored without a decision`);
      out.push({ decision: stored, created: false });
    }
    return out;
  }

  /**
   * What `paydirt route replay` needs, read in one read-only transaction: the leads decided in
   * [from, to) in the order they were decided, with their stored inputs and outcome; the turns,
   * per-day counts (days in `capTimeZone`) and rep availability before `from`; and the
   * availability changes inside the window. Writes nothing.
   */
  async history(
    from: string | null,
    to: string | null,
    capTimeZone = "UTC",
  ): Promise<{ leads: ReplayLead[]; start: ReplayStart }> {
    return this.db.transaction(
      async (tx) => {
        const rows = await tx.query<{
          lead_id: string;
          decided_at: unknown;
          account_id: string | null;
          match_confidence: unknown;
          rule: string;
          owner_id: string | null;
          queue: string | null;
          config_version: unknown;
          inputs: unknown;
        }>(
          `SELECT d.lead_id, d.decided_at, d.account_id, d.match_confidence, d.rule, d.owner_id, d.queue,
             d.config_version, d.inputs
           FROM decisions d LEFT JOIN audit a ON a.lead_id = d.lead_id AND a.kind = 'decision'
           WHERE ($1::timestamptz IS NULL OR d.decided_at >= $1::timestamptz)
             AND ($2::timestamptz IS NULL OR d.decided_at < $2::timestamptz)
           ORDER BY d.decided_at, a.id, d.lead_id`,
          [from, to],
        );
        const leads: ReplayLead[] = rows.map((r) => {
          const inputs = parse<Decision["inputs"]>(r.inputs);
          return {
            lead: inputs.lead,
            at: new Date(r.decided_at as string).toISOString(),
            match: { accountId: r.account_id, confidence: Number(r.match_confidence) },
            account: inputs.account ?? null,
            standing: inputs.standing ?? null,
            stored: {
              rule: r.rule,
              ownerId: r.owner_id,
              queue: r.queue,
              configVersion: Number(r.config_version),
            },
          };
        });
        const turns: Turns = new Map();
        const daily = new Map<string, Map<string, number>>();
        if (from) {
          for (const r of await tx.query<{ pool: string; rep: string; n: unknown }>(
            `SELECT turn_pool AS pool, turn_rep AS rep, count(*) AS n FROM decisions
             WHERE decided_at < $1::timestamptz AND turn_pool IS NOT NULL GROUP BY 1, 2`,
            [from],
          )) {
            const t = turns.get(r.pool) ?? new Map<string, number>();
            t.set(r.rep, Number(r.n));
            turns.set(r.pool, t);
          }
          // a cap week is at most 7 days (8 with any time zone) before the window
          for (const r of await tx.query<{ owner_id: string; decided_at: unknown }>(
            `SELECT owner_id, decided_at FROM decisions
             WHERE owner_id IS NOT NULL AND decided_at < $1::timestamptz
               AND decided_at >= $1::timestamptz - interval '8 days'`,
            [from],
          )) {
            const day = capDays(new Date(r.decided_at as string), capTimeZone).day;
            const m = daily.get(r.owner_id) ?? new Map<string, number>();
            m.set(day, (m.get(day) ?? 0) + 1);
            daily.set(r.owner_id, m);
          }
        }
        const reps = new Map<string, RepStatus>();
        for (const r of await tx.query<{ rep_id: string }>("SELECT rep_id FROM reps"))
          reps.set(r.rep_id, { id: r.rep_id, active: true });
        const availability: { at: string; status: RepStatus }[] = [];
        for (const r of await tx.query<{ at: unknown; data: unknown }>(
          `SELECT at, data FROM audit WHERE kind = 'availability'
             AND ($1::timestamptz IS NULL OR at < $1::timestamptz) ORDER BY at, id`,
          [to],
        )) {
          const at = new Date(r.at as string).toISOString();
          const status = parse<RepStatus>(r.data);
          if (from && at < new Date(from).toISOString()) reps.set(status.id, status);
          else availability.push({ at, status });
        }
        return { leads, start: { reps, turns, daily, availability } };
      },
      { first: "SET TRANSACTION READ ONLY" },
    );
  }

  /** The stored decision of a lead and its audit rows, or null. */
  async decision(leadId: string): Promise<{
    decision: StoredDecision;
    audit: { at: string; kind: string; repId: string | null; data: unknown }[];
  } | null> {
    const d = await readDecision(this.db, leadId);
    if (!d) return null;
    const audit = await this.db.query<{
      at: unknown;
      kind: string;
      rep_id: string | null;
      data: unknown;
    }>("SELECT at, kind, rep_id, data FROM audit WHERE lead_id = $1 ORDER BY id", [leadId]);
    return {
      decision: d,
      audit: audit.map((a) => ({
        at: new Date(a.at as string).toISOString(),
        kind: a.kind,
        repId: a.rep_id,
        data: parse(a.data),
      })),
    };
  }

  /** Round-robin turns taken per member of a pool. */
  async poolTurns(poolId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ rep_id: string; turns: unknown }>(
      "SELECT rep_id, turns FROM pool_turns WHERE pool_id = $1 ORDER BY rep_id",
      [poolId],
    );
    return new Map(rows.map((r) => [r.rep_id, Number(r.turns)]));
  }

  /** A rep's book from the published standings: accounts held (books or plan) and BDR queue. */
  async bookOf(
    repId: string,
    limit = 1000,
  ): Promise<{
    accounts: { account_id: string; stage: string | null; source: string }[];
    bdr_queue: string[];
  }> {
    const held = await this.db.query<{ account_id: string; stage: string | null; source: string }>(
      "SELECT account_id, stage, source FROM standings WHERE book_owner = $1 ORDER BY account_id LIMIT $2",
      [repId, limit],
    );
    const queue = await this.db.query<{ account_id: string }>(
      "SELECT account_id FROM standings WHERE bdr = $1 ORDER BY account_id LIMIT $2",
      [repId, limit],
    );
    return { accounts: held, bdr_queue: queue.map((q) => q.account_id) };
  }

  /** Count of stored leads and decisions. */
  async counts(): Promise<{ leads: number; decisions: number }> {
    const r = await this.db.query<{ leads: unknown; decisions: unknown }>(
      "SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM decisions) AS decisions",
    );
    return { leads: Number(r[0]?.leads ?? 0), decisions: Number(r[0]?.decisions ?? 0) };
  }

  /** Decisions of a rep's leads, newest first (their current book of routed leads). */
  async decisionsOf(
    repId: string,
    limit = 100,
  ): Promise<{ leadId: string; accountId: string | null; decidedAt: string; rule: string }[]> {
    const rows = await this.db.query<{
      lead_id: string;
      account_id: string | null;
      decided_at: unknown;
      rule: string;
    }>(
      "SELECT lead_id, account_id, decided_at, rule FROM decisions WHERE owner_id = $1 ORDER BY decided_at DESC, lead_id LIMIT $2",
      [repId, limit],
    );
    return rows.map((r) => ({
      leadId: r.lead_id,
      accountId: r.account_id,
      decidedAt: new Date(r.decided_at as string).toISOString(),
      rule: r.rule,
    }));
  }

  /** Drop audit rows older than `days` (90 by default); returns how many. */
  async purgeAudit(days = 90, now = new Date()): Promise<number> {
    const rows = await this.db.query("DELETE FROM audit WHERE at < $1 RETURNING id", [
      new Date(now.getTime() - days * DAY_MS).toISOString(),
    ]);
    return rows.length;
  }

  /** Whether the database answers. */
  async ping(): Promise<boolean> {
    await this.db.query("SELECT 1");
    return true;
  }
}

async function readDecision(sql: Sql, leadId: string): Promise<StoredDecision | null> {
  const rows = await sql.query<Json>("SELECT * FROM decisions WHERE lead_id = $1", [leadId]);
  const r = rows[0];
  if (!r) return null;
  const inputs = parse<Decision["inputs"]>(r.inputs);
  return {
    leadId: r.lead_id as string,
    accountId: (r.account_id as string | null) ?? null,
    matchConfidence: Number(r.match_confidence),
    ownerId: (r.owner_id as string | null) ?? null,
    queue: (r.queue as string | null) ?? null,
    rule: r.rule as string,
    reasons: parse(r.reasons),
    trail: parse(r.trail),
    candidates: parse(r.candidates),
    ...(r.turn_pool ? { turn: { pool: r.turn_pool as string, repId: r.turn_rep as string } } : {}),
    inputs,
    configVersion: Number(r.config_version),
    decidedAt: new Date(r.decided_at as string).toISOString(),
    evidence: parse(r.evidence),
  };
}
