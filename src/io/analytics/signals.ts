import type { IntentAccount, IntentInput } from "../../core/scoring/intent/input.js";
import { type IntentOptions, lookbackDays } from "../../core/scoring/intent/options.js";
import type { Db } from "../store/db.js";
import { sqlValue } from "../store/sql.js";
import { accountsSource } from "./facts.js";

/** What intent needs from the store. */
export interface IntentQuery {
  /** YYYY-MM-DD. */
  readonly asOf: string;
  /** SQL expressions over accounts aliased `a` whose values, joined, name the peer segment. */
  readonly peerSql: readonly string[];
  /** Signal kinds that count as marketing leads. */
  readonly leadKinds: readonly string[];
  readonly options: IntentOptions;
}

const numbers = (xs: readonly unknown[]) =>
  xs.map((x) => (typeof x === "number" ? x : Number(x ?? 0)));

/**
 * Load signal bins (account x day x kind, within the look-back) and reach counts as of T, read
 * column-wise from DuckDB into typed arrays.
 */
export async function loadIntentInput(db: Db, q: IntentQuery): Promise<IntentInput> {
  const acc = await accountsSource(db, q.asOf);
  const peer = q.peerSql.length ? `concat_ws(' | ', ${q.peerSql.join(", ")})` : "'all'";
  const reach = Math.max(1, Math.round(q.options.reachDays));
  const back = lookbackDays(q.options);
  const leads = q.leadKinds.length
    ? q.leadKinds.map((k) => sqlValue(k.toLowerCase())).join(", ")
    : "NULL";
  await db.run(`CREATE OR REPLACE TEMP TABLE intent_accounts AS
    SELECT CAST(row_number() OVER (ORDER BY a.account_id) - 1 AS INTEGER) AS idx, a.account_id, ${peer} AS peer
    FROM ${acc.from} a`);
  const accReader = await db.read(
    `WITH s AS (
      SELECT account_id, count(DISTINCT contact_id) AS people, count(DISTINCT persona) AS personas,
        count(*) FILTER (WHERE lower(kind) IN (${leads})) AS leads
      FROM signals_as_of(CAST($as_of AS DATE)) WHERE occurred_at >= CAST($as_of AS DATE) - INTERVAL ($reach_back) DAY GROUP BY account_id
    ), o AS (
      SELECT account_id, count(*) AS opps FROM opportunities_as_of(CAST($as_of AS DATE))
      WHERE created_date > CAST($as_of AS DATE) - INTERVAL ($reach) DAY AND account_id IS NOT NULL GROUP BY account_id
    )
    SELECT i.account_id, i.peer, CAST(coalesce(s.people, 0) AS DOUBLE) AS people,
      CAST(coalesce(s.personas, 0) AS DOUBLE) AS personas, CAST(coalesce(s.leads, 0) AS DOUBLE) AS leads,
      CAST(coalesce(o.opps, 0) AS DOUBLE) AS opps
    FROM intent_accounts i LEFT JOIN s USING (account_id) LEFT JOIN o USING (account_id) ORDER BY i.idx`,
    { as_of: q.asOf, reach_back: reach - 1, reach },
  );
  // Column-wise: row objects cost more than the query at 10^6 accounts.
  const [ids, peers, people, personas, leadCounts, opps] = accReader.getColumnsJS() as unknown[][];
  const accounts: IntentAccount[] = new Array((ids ?? []).length);
  for (let i = 0; i < accounts.length; i++) {
    accounts[i] = {
      accountId: String(ids?.[i]),
      peerGroup: String(peers?.[i] ?? "all"),
      people: Number(people?.[i] ?? 0),
      personas: Number(personas?.[i] ?? 0),
      leads: Number(leadCounts?.[i] ?? 0),
      opportunitiesOpened: Number(opps?.[i] ?? 0),
    };
  }
  const kinds = (
    await db.all<{ kind: string }>(
      `SELECT DISTINCT lower(kind) AS kind FROM signals_as_of(CAST($as_of AS DATE)) WHERE occurred_at >= CAST($as_of AS DATE) - INTERVAL ($back) DAY ORDER BY 1`,
      { as_of: q.asOf, back },
    )
  ).map((r) => r.kind);
  const kindIndex = `CASE lower(s.kind) ${kinds.map((k, i) => `WHEN ${sqlValue(k)} THEN ${sqlValue(i)}`).join(" ")} ELSE -1 END`;
  const reader = await db.read(
    `
    SELECT i.idx, CAST(CAST($as_of AS DATE) - CAST(s.occurred_at AS DATE) AS INTEGER) AS days_ago,
      CAST(${kinds.length ? kindIndex : "0"} AS INTEGER) AS kind,
      CAST(count(*) AS DOUBLE) AS n, CAST(coalesce(sum(s.value), 0) AS DOUBLE) AS v
    FROM signals_as_of(CAST($as_of AS DATE)) s JOIN intent_accounts i USING (account_id)
    WHERE s.occurred_at >= CAST($as_of AS DATE) - INTERVAL ($back) DAY
    GROUP BY ALL`,
    { as_of: q.asOf, back },
  );
  const cols = reader.getColumnsJS();
  await db.run("DROP TABLE IF EXISTS intent_accounts");
  return {
    asOf: q.asOf,
    accounts,
    bins: {
      account: Int32Array.from(numbers(cols[0] ?? [])),
      daysAgo: Int32Array.from(numbers(cols[1] ?? [])),
      kind: Int32Array.from(numbers(cols[2] ?? [])),
      count: Float64Array.from(numbers(cols[3] ?? [])),
      value: Float64Array.from(numbers(cols[4] ?? [])),
      kinds,
    },
  };
}
