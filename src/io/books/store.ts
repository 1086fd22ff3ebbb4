import { dateValue } from "@duckdb/node-api";
import type { BookConfig } from "../../core/books/config.js";
import { dayOf, isoOf } from "../../core/books/days.js";
import type { AccountState, BookState, RefreshResult, Stage } from "../../core/books/types.js";
import type { Db } from "../store/db.js";

/** A stored refresh's header. */
export interface RefreshRow {
  readonly refresh_id: number;
  readonly as_of: string;
  readonly policy: string;
  readonly plan_id: string;
  readonly summary: string;
  readonly notes: string;
}

/** The refresh that holds the books as of T (the latest on or before T), or undefined. */
export async function refreshAsOf(
  db: Db,
  asOf: string,
  strictlyBefore = false,
): Promise<RefreshRow | undefined> {
  return db.one<RefreshRow>(
    `SELECT refresh_id, CAST(as_of AS VARCHAR) AS as_of, policy, plan_id, CAST(summary AS VARCHAR) AS summary,
       CAST(notes AS VARCHAR) AS notes
     FROM book_refreshes WHERE as_of ${strictlyBefore ? "<" : "<="} CAST($t AS DATE) ORDER BY as_of DESC LIMIT 1`,
    { t: asOf },
  );
}

/** The latest refresh of all, or undefined. */
export async function latestRefresh(db: Db): Promise<RefreshRow | undefined> {
  return db.one<RefreshRow>(
    `SELECT refresh_id, CAST(as_of AS VARCHAR) AS as_of, policy, plan_id, CAST(summary AS VARCHAR) AS summary,
       CAST(notes AS VARCHAR) AS notes FROM book_refreshes ORDER BY as_of DESC LIMIT 1`,
  );
}

const d = (v: unknown): number | null => (v === null || v === undefined ? null : dayOf(String(v)));

/** The engine state of a stored refresh. */
export async function loadState(db: Db, refreshId: number): Promise<BookState> {
  const head = await db.one<{
    as_of: string;
    policy: string;
    plan_id: string;
    core_start: string;
    quarter: string;
    intake: string;
  }>(
    `SELECT CAST(as_of AS VARCHAR) AS as_of, policy, plan_id, CAST(core_start AS VARCHAR) AS core_start, quarter,
       CAST(intake AS VARCHAR) AS intake FROM book_refreshes WHERE refresh_id = $id`,
    { id: refreshId },
  );
  if (!head) throw new Error(`no book refresh ${refreshId}`);
  const reader = await db.read(
    `SELECT account_id, stage, ae_id, bdr_id, CAST(since AS VARCHAR), reason, CAST(cool_until AS VARCHAR),
       CAST(last_surge AS VARCHAR), lost_base, "value" FROM book_states WHERE refresh_id = $id ORDER BY account_id`,
    { id: refreshId },
  );
  const [ids, stage, ae, bdr, since, reason, cool, surge, lost, value] =
    reader.getColumnsJS() as unknown[][];
  const accounts = new Map<string, AccountState>();
  for (let i = 0; i < (ids ?? []).length; i++) {
    accounts.set(String(ids?.[i]), {
      stage: String(stage?.[i]) as Stage,
      ae: ae?.[i] === null ? null : String(ae?.[i]),
      bdr: bdr?.[i] === null ? null : String(bdr?.[i]),
      since: d(since?.[i]) ?? 0,
      reason: String(reason?.[i]) as AccountState["reason"],
      coolUntil: d(cool?.[i]),
      lastSurge: d(surge?.[i]),
      lostBase: Number(lost?.[i] ?? 0),
      value: Number(value?.[i] ?? 0),
    });
  }
  return {
    day: dayOf(head.as_of),
    planId: head.plan_id,
    policy: head.policy,
    coreStart: dayOf(head.core_start),
    accounts,
    quarter: head.quarter,
    intake: new Map(Object.entries(JSON.parse(head.intake) as Record<string, number>)),
  };
}

/**
 * Store one refresh (replacing a refresh of the same date) in one transaction: its header, every
 * account state that is not plain pool, and every change.
 */
export async function saveRefresh(
  db: Db,
  r: RefreshResult,
  meta: { config: BookConfig; summary: unknown; notes: readonly string[] },
): Promise<number> {
  const asOf = isoOf(r.state.day);
  return db.transaction(async () => {
    const old = await db.one<{ id: number }>(
      "SELECT refresh_id AS id FROM book_refreshes WHERE as_of = CAST($t AS DATE)",
      { t: asOf },
    );
    if (old) {
      for (const t of ["book_states", "book_changes", "book_refreshes"])
        await db.run(`DELETE FROM ${t} WHERE refresh_id = $id`, { id: old.id });
    }
    const id =
      ((await db.one<{ m: number | null }>("SELECT max(refresh_id) AS m FROM book_refreshes"))?.m ??
        0) + 1;
    await db.run(
      `INSERT INTO book_refreshes VALUES ($id, CAST($t AS DATE), now(), $policy, $plan, CAST($core AS DATE), $quarter,
         CAST($intake AS JSON), CAST($config AS JSON), CAST($summary AS JSON), CAST($notes AS JSON))`,
      {
        id,
        t: asOf,
        policy: r.state.policy,
        plan: r.state.planId,
        core: isoOf(r.state.coreStart),
        quarter: r.state.quarter,
        intake: JSON.stringify(Object.fromEntries(r.state.intake)),
        config: JSON.stringify(meta.config),
        summary: JSON.stringify(meta.summary),
        notes: JSON.stringify(meta.notes),
      },
    );
    const states = await db.connection.createAppender("book_states");
    const opt = (v: string | null) => (v === null ? states.appendNull() : states.appendVarchar(v));
    const day = (v: number | null) =>
      v === null ? states.appendNull() : states.appendDate(dateValue(v));
    for (const [account, s] of r.state.accounts) {
      states.appendInteger(id);
      states.appendVarchar(account);
      states.appendVarchar(s.stage);
      opt(s.ae);
      opt(s.bdr);
      day(s.since);
      states.appendVarchar(s.reason);
      day(s.coolUntil);
      day(s.lastSurge);
      states.appendInteger(s.lostBase);
      states.appendDouble(Number.isFinite(s.value) ? s.value : 0);
      states.endRow();
    }
    states.closeSync();
    const changes = await db.connection.createAppender("book_changes");
    for (const t of r.transitions) {
      changes.appendInteger(id);
      changes.appendDate(dateValue(r.state.day));
      changes.appendVarchar(t.accountId);
      changes.appendVarchar(t.from);
      changes.appendVarchar(t.to);
      if (t.fromRep === null) changes.appendNull();
      else changes.appendVarchar(t.fromRep);
      if (t.toRep === null) changes.appendNull();
      else changes.appendVarchar(t.toRep);
      changes.appendVarchar(t.reason);
      changes.appendVarchar(JSON.stringify(t.data));
      changes.endRow();
    }
    changes.closeSync();
    return id;
  });
}
