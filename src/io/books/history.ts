import { listValue } from "@duckdb/node-api";
import type { BookConfig } from "../../core/books/config.js";
import { dayOf } from "../../core/books/days.js";
import { resolveReps } from "../../core/books/reps.js";
import type {
  BookHistory,
  HistoryAccount,
  HistoryOpportunity,
  HistorySignals,
} from "../../core/books/snapshot.js";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { dimensionSql } from "../analytics/dimensions.js";
import { accountsSource, latestDataDate } from "../analytics/facts.js";
import type { Db } from "../store/db.js";
import { buildTargetList } from "../tal/list.js";

/** What a book history is loaded from. */
export interface HistoryRequest {
  /** YYYY-MM-DD: the last day of facts read (refreshes happen on or before it). */
  readonly upTo: string;
  /** YYYY-MM-DD: the date of the target account list that values accounts (<= every refresh). */
  readonly valuesAsOf: string;
  /** Signals from this date on (earlier ones are not needed); default: all. */
  readonly signalsFrom?: string;
  /** The plan whose patches hold the accounts; default: owners as known at `valuesAsOf`. */
  readonly plan?: string;
  /** Peer segment of the surge test. */
  readonly peers: readonly string[];
  readonly config: BookConfig;
  readonly log?: (line: string) => void;
}

/** The history and what the caller should be told about it. */
export interface LoadedHistory {
  readonly history: BookHistory;
  readonly notes: string[];
  /** Where values came from: a saved list of that date, or a list built for the date. */
  readonly valueSource: string;
  /** First day the store has facts for. */
  readonly firstDataDay: number | null;
}

const MEETING_KINDS = ["meeting"];

/** The first date the store holds any fact for (deal created, signal, revenue month). */
export async function firstDataDate(db: Db): Promise<string | null> {
  const r = await db.one<{ d: string | null }>(`SELECT CAST(least(
      (SELECT min(created_date) FROM opportunities),
      (SELECT CAST(min(occurred_at) AS DATE) FROM signals),
      (SELECT min(month) FROM revenue)) AS DATE) AS d`);
  return r?.d ?? null;
}

/** Values of every account: the latest saved target list of a date <= T, else one built for T. */
async function loadValues(
  db: Db,
  asOf: string,
  log?: (line: string) => void,
): Promise<{
  rows: Map<string, { value: number; tier: string; customer: boolean }>;
  /** The saved list's date, when values come from one (then `rows` is empty). */
  listDate: string | null;
  source: string;
  notes: string[];
}> {
  const rows = new Map<string, { value: number; tier: string; customer: boolean }>();
  const saved = await db.one<{ d: string | null }>(
    "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts WHERE as_of <= CAST($t AS DATE)",
    { t: asOf },
  );
  // A saved list is joined to the accounts in SQL (a million accounts: no row objects).
  if (saved?.d)
    return {
      rows,
      listDate: saved.d,
      source: `the target account list saved as of ${saved.d}`,
      notes: [],
    };
  log?.(`no target account list saved as of ${asOf} or before: building one`);
  const tal = await buildTargetList(db, {
    asOf,
    dimensions: ["industry", "size_band", "region"],
    windowMonths: 24,
    ...(log ? { log } : {}),
  });
  for (const r of tal.rows)
    rows.set(r.id, { value: r.value, tier: r.tier, customer: r.motion === "expansion" });
  return {
    rows,
    listDate: null,
    source: `a target account list built as of ${tal.asOf}`,
    notes: [...tal.notes],
  };
}

/**
 * Load what books need, known up to `upTo`: accounts with their value and patch owner, AEs and
 * BDRs with capacity, opportunities and signals (binned per account and day), column-wise.
 */
export async function loadBookHistory(db: Db, req: HistoryRequest): Promise<LoadedHistory> {
  const notes: string[] = [];
  const first = await firstDataDate(db);
  const latest = await latestDataDate(db);
  if (first === null || dayOf(req.upTo) < dayOf(first) || dayOf(req.valuesAsOf) < dayOf(first))
    throw PaydirtError.of(
      "invalid",
      "books_date_before_data",
      first === null
        ? "the store holds no opportunities, signals or revenue: import data first"
        : `${[req.valuesAsOf, req.upTo].sort()[0]} is before the store's data starts (${first})`,
      { data: { first, latest } },
    );
  const values = await loadValues(db, req.valuesAsOf, req.log);
  notes.push(...values.notes);
  const src = await accountsSource(db, req.valuesAsOf);
  const peerSql: string[] = [];
  for (const d of req.peers) {
    const r = await dimensionSql(db, d);
    if (r.ok) peerSql.push(r.sql);
    else notes.push(`peer dimension ${d} ignored: ${r.message}`);
  }
  const peer = peerSql.length ? `concat_ws(' | ', ${peerSql.join(", ")})` : "'all'";
  let planId = "owners";
  // An account without an owner belongs to the rep of its latest opportunity known then.
  let ownerSql = "coalesce(a.owner_id, lo.owner_id)";
  let planJoin = `LEFT JOIN (SELECT account_id, arg_max(owner_id, CAST(created_date AS VARCHAR) || opportunity_id) AS owner_id
      FROM opportunities_as_of(CAST($t AS DATE)) WHERE account_id IS NOT NULL GROUP BY account_id) lo
      ON lo.account_id = a.account_id`;
  const params: Record<string, string> = { t: req.valuesAsOf };
  if (req.plan !== undefined) {
    const p = await db.one<{ name: string; created_at: string }>(
      "SELECT name, CAST(created_at AS VARCHAR) AS created_at FROM plan_scenarios WHERE name = $plan",
      { plan: req.plan },
    );
    if (!p)
      throw PaydirtError.of("not_found", "scenario_not_found", `no plan ${req.plan}`, {
        ids: { scenario: req.plan },
      });
    planId = `plan:${p.name}@${p.created_at}`;
    ownerSql = "coalesce(pa.new_owner, a.owner_id)";
    planJoin =
      "LEFT JOIN plan_assignments pa ON pa.account_id = a.account_id AND pa.scenario = $plan";
    params.plan = req.plan;
  }
  if (values.listDate !== null) params.list = values.listDate;
  const listJoin =
    values.listDate !== null
      ? `LEFT JOIN (SELECT account_id, any_value("value") AS v, any_value(tier) AS tier, any_value(motion) AS motion
           FROM target_accounts WHERE as_of = CAST($list AS DATE) GROUP BY account_id) ta ON ta.account_id = a.account_id`
      : "";
  const listCols =
    values.listDate !== null
      ? "ta.account_id IS NOT NULL AS listed, CAST(coalesce(ta.v, 0) AS DOUBLE) AS v, ta.tier, ta.motion"
      : "NULL AS listed, NULL AS v, NULL AS tier, NULL AS motion";
  const reader = await db.read(
    `SELECT a.account_id, CAST(${ownerSql} AS VARCHAR) AS owner, ${peer} AS peer, ${listCols}
     FROM ${src.from} a ${planJoin} ${listJoin} ORDER BY a.account_id`,
    params,
  );
  const [ids, owners, peers, listed, lv, lt, lm] = reader.getColumnsJS() as unknown[][];
  const accounts: HistoryAccount[] = [];
  const index = new Map<string, number>();
  let noValue = 0;
  for (let i = 0; i < (ids ?? []).length; i++) {
    const id = String(ids?.[i]);
    const v =
      values.listDate !== null
        ? listed?.[i] === true
          ? {
              value: Number(lv?.[i] ?? 0),
              tier: String(lt?.[i] ?? ""),
              customer: lm?.[i] === "expansion",
            }
          : undefined
        : values.rows.get(id);
    if (!v) noValue++;
    index.set(id, accounts.length);
    accounts.push({
      id,
      patchOwner: owners?.[i] === null || owners?.[i] === undefined ? null : String(owners[i]),
      value: v?.value ?? 0,
      inIcp: v ? v.tier !== "D" : false,
      isCustomer: v?.customer ?? false,
      peerGroup: String(peers?.[i] ?? "all"),
    });
  }
  if (noValue > 0) notes.push(`${noValue} accounts are not on the target list: value 0`);

  const repSrc = (
    await db.one<{ n: number }>("SELECT count(*) AS n FROM reps_known_at(CAST($t AS TIMESTAMP))", {
      t: `${req.upTo} 23:59:59`,
    })
  )?.n
    ? "reps_known_at(CAST($t AS TIMESTAMP))"
    : "reps";
  const repRows = await db.all<{ id: string; role: string | null; capacity: number | null }>(
    `SELECT rep_id AS id, role, capacity FROM ${repSrc} WHERE coalesce(active, true) ORDER BY rep_id`,
    { t: `${req.upTo} 23:59:59` },
  );
  const reps = unwrap(resolveReps(repRows, req.config), "invalid");

  const oppReader = await db.read(
    `SELECT account_id, CAST(created_date - DATE '1970-01-01' AS INTEGER) AS created,
       CAST(close_date - DATE '1970-01-01' AS INTEGER) AS close, status,
       coalesce(type, 'new') = 'new' AS is_new, coalesce(lower(type) = 'renewal', false) AS is_renewal, CAST(coalesce(amount, 0) AS DOUBLE) AS amount
     FROM opportunities_as_of(CAST($t AS DATE)) WHERE account_id IS NOT NULL ORDER BY created, opportunity_id`,
    { t: req.upTo },
  );
  const [oa, oc, ocl, os, on, orn, oam] = oppReader.getColumnsJS() as unknown[][];
  const opportunities: HistoryOpportunity[] = [];
  for (let i = 0; i < (oa ?? []).length; i++) {
    const a = index.get(String(oa?.[i]));
    if (a === undefined) continue;
    const status = String(os?.[i]);
    opportunities.push({
      account: a,
      created: Number(oc?.[i]),
      close: ocl?.[i] === null || ocl?.[i] === undefined ? null : Number(ocl[i]),
      status: status === "won" ? "won" : status === "lost" ? "lost" : "open",
      isNew: on?.[i] === true,
      isRenewal: orn?.[i] === true,
      amount: Number(oam?.[i] ?? 0),
    });
  }

  const kinds = (
    await db.all<{ kind: string }>(
      "SELECT DISTINCT lower(kind) AS kind FROM signals_as_of(CAST($t AS DATE)) ORDER BY 1",
      { t: req.upTo },
    )
  ).map((r) => r.kind);
  await db.run(`CREATE OR REPLACE TEMP TABLE book_account_index AS
    SELECT account_id, CAST(row_number() OVER (ORDER BY account_id) - 1 AS INTEGER) AS idx FROM ${src.from}`);
  // Signals binned per account, day and kind in SQL, read column-wise into typed arrays.
  const [sa, sd, sk, sn, sv] = await db.numericColumns(
    `SELECT i.idx, CAST(CAST(s.occurred_at AS DATE) - DATE '1970-01-01' AS INTEGER) AS d,
       CAST(list_position($kinds, lower(s.kind)) - 1 AS INTEGER) AS k,
       CAST(count(*) AS DOUBLE) AS n, CAST(coalesce(sum(s.value), 0) AS DOUBLE) AS v
     FROM signals_as_of(CAST($t AS DATE)) s JOIN book_account_index i USING (account_id)
     WHERE s.occurred_at >= CAST($from AS DATE)
     GROUP BY ALL ORDER BY d, i.idx, k`,
    {
      t: req.upTo,
      from: req.signalsFrom ?? "1900-01-01",
      kinds: listValue(kinds.length ? kinds : [""]),
    },
  );
  await db.run("DROP TABLE IF EXISTS book_account_index");
  const empty = new Float64Array(0);
  const signals: HistorySignals = {
    account: Int32Array.from(sa ?? empty),
    day: Int32Array.from(sd ?? empty),
    kind: Int32Array.from(sk ?? empty),
    count: sn ?? empty,
    value: sv ?? empty,
    kinds,
  };
  if (signals.day.length === 0)
    notes.push(
      "intent is missing: the store holds no signals, so no account can be seen in market; books rotate on opportunities and meetings only",
    );
  return {
    history: {
      end: dayOf(req.upTo),
      planId,
      accounts,
      reps,
      opportunities,
      signals,
      meetingKinds: MEETING_KINDS,
    },
    notes,
    valueSource: values.source,
    firstDataDay: first === null ? null : dayOf(first),
  };
}
