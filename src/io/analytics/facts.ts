import type { AccountFacts } from "../../core/analytics/facts.js";
import type { Db } from "../store/db.js";
import { sqlValue } from "../store/sql.js";

/** What to load: the as-of date, segment dimension expressions, the deal look-back window. */
export interface FactsQuery {
  /** YYYY-MM-DD; everything is read as known at the end of that day. */
  readonly asOf: string;
  /** SQL expressions over accounts aliased `a` (see dimensionSql). */
  readonly dimensionSql: readonly string[];
  /** Months of closed deals counted in win rate, ACV and cycle. */
  readonly windowMonths: number;
}

/** Facts of every account, and whether accounts came as known at T or as they are now. */
export interface LoadedFacts {
  readonly facts: AccountFacts[];
  readonly accountSource: "known_at" | "current";
  /** The last complete revenue month counted as "now". */
  readonly revenueMonth: string;
}

/** The latest date the store has facts for: last close, last complete revenue month, last signal. */
export async function latestDataDate(db: Db): Promise<string | null> {
  const r = await db.one<{ d: string | null }>(`SELECT CAST(greatest(
      (SELECT max(close_date) FROM opportunities WHERE status <> 'open'),
      (SELECT max(month) + INTERVAL 1 MONTH - INTERVAL 1 DAY FROM revenue),
      (SELECT CAST(max(occurred_at) AS DATE) FROM signals)) AS DATE) AS d`);
  return r?.d ?? null;
}

/** The first and last dates the store has facts for (deals created or closed, revenue, signals). */
export async function dataRange(db: Db): Promise<{ first: string | null; last: string | null }> {
  const r = await db.one<{ first: string | null }>(`SELECT CAST(least(
      (SELECT min(created_date) FROM opportunities),
      (SELECT min(close_date) FROM opportunities),
      (SELECT min(month) FROM revenue),
      (SELECT CAST(min(occurred_at) AS DATE) FROM signals)) AS DATE) AS first`);
  return { first: r?.first ?? null, last: await latestDataDate(db) };
}

/** The account rows as known at T when the store knew any then, else the current rows. */
export async function accountsSource(
  db: Db,
  asOf: string,
): Promise<{ from: string; source: "known_at" | "current" }> {
  // The end of the day as a placeholder that carries its value (the fragment is used in other statements).
  const t = `CAST(${sqlValue(`${asOf} 23:59:59`)} AS TIMESTAMP)`;
  const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM accounts_known_at(${t})`);
  return (n?.n ?? 0) > 0
    ? { from: `accounts_known_at(${t})`, source: "known_at" }
    : { from: "accounts", source: "current" };
}

/**
 * Load per-account facts as of T with one grouped query per source (deals, revenue): all
 * aggregation that is plain summing happens in DuckDB; the statistics happen in core.
 */
export async function loadAccountFacts(db: Db, q: FactsQuery): Promise<LoadedFacts> {
  const acc = await accountsSource(db, q.asOf);
  const dims = q.dimensionSql.length
    ? q.dimensionSql.map((s, i) => `${s} AS d${i}`).join(", ")
    : "NULL AS d_none";
  const month = await db.one<{ m: string }>(
    `SELECT CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) - INTERVAL 1 MONTH AS DATE) AS m`,
    { as_of: q.asOf },
  );
  const reader = await db.read(
    `
    WITH deals AS (
      SELECT account_id,
        count(*) FILTER (WHERE status = 'won') AS won,
        count(*) FILTER (WHERE status = 'lost') AS lost,
        count(*) FILTER (WHERE status = 'won' AND amount > 0) AS amount_n,
        coalesce(sum(CASE WHEN amount > 0 THEN ln(amount) END) FILTER (WHERE status = 'won'), 0) AS la,
        coalesce(sum(CASE WHEN amount > 0 THEN ln(amount) ^ 2 END) FILTER (WHERE status = 'won'), 0) AS la2,
        count(*) FILTER (WHERE status = 'won' AND created_date IS NOT NULL) AS cycle_n,
        coalesce(sum(ln(greatest(1, close_date - created_date))) FILTER (WHERE status = 'won' AND created_date IS NOT NULL), 0) AS lc,
        coalesce(sum(ln(greatest(1, close_date - created_date)) ^ 2) FILTER (WHERE status = 'won' AND created_date IS NOT NULL), 0) AS lc2
      FROM opportunities_as_of(CAST($as_of AS DATE))
      WHERE account_id IS NOT NULL AND status IN ('won', 'lost') AND coalesce(type, 'new') = 'new'
        AND close_date <= CAST($as_of AS DATE) AND close_date > CAST($as_of AS DATE) - INTERVAL ($window) MONTH
      GROUP BY account_id
    ), pipe AS (
      SELECT account_id, coalesce(sum(amount), 0) AS pipeline
      FROM opportunities_as_of(CAST($as_of AS DATE)) WHERE account_id IS NOT NULL AND status = 'open' GROUP BY account_id
    ), rev AS (
      SELECT account_id,
        coalesce(sum(mrr) FILTER (WHERE month = CAST($month AS DATE)), 0) AS mrr_now,
        coalesce(sum(mrr) FILTER (WHERE month = CAST($month AS DATE) - INTERVAL 12 MONTH), 0) AS mrr_ago
      FROM revenue_as_of(CAST($as_of AS DATE))
      WHERE month IN (CAST($month AS DATE), CAST($month AS DATE) - INTERVAL 12 MONTH)
      GROUP BY account_id
    )
    SELECT a.account_id, ${dims},
      CAST(coalesce(deals.won, 0) AS DOUBLE) AS won, CAST(coalesce(deals.lost, 0) AS DOUBLE) AS lost,
      CAST(coalesce(deals.amount_n, 0) AS DOUBLE) AS amount_n, coalesce(deals.la, 0) AS la, coalesce(deals.la2, 0) AS la2,
      CAST(coalesce(deals.cycle_n, 0) AS DOUBLE) AS cycle_n, coalesce(deals.lc, 0) AS lc, coalesce(deals.lc2, 0) AS lc2,
      CAST(coalesce(rev.mrr_now, 0) AS DOUBLE) AS mrr_now, CAST(coalesce(rev.mrr_ago, 0) AS DOUBLE) AS mrr_ago,
      CAST(coalesce(pipe.pipeline, 0) AS DOUBLE) AS pipeline
    FROM ${acc.from} a
    LEFT JOIN deals USING (account_id) LEFT JOIN rev USING (account_id) LEFT JOIN pipe USING (account_id)
    ORDER BY a.account_id`,
    {
      as_of: q.asOf,
      month: month?.m ?? q.asOf,
      window: Math.max(1, Math.round(q.windowMonths)),
    },
  );
  // Read column-wise: row objects cost more than the query itself at 10^6 accounts.
  const c = reader.getColumnsObjectJS() as Record<string, readonly unknown[]>;
  const col = (name: string) => c[name] ?? [];
  const num = (name: string) => {
    const xs = col(name);
    return Float64Array.from(xs, (v) => (typeof v === "number" ? v : Number(v ?? 0)));
  };
  const ids = col("account_id");
  const dimCols = q.dimensionSql.map((_, i) => col(`d${i}`));
  const [won, lost, amountN, la, la2, cycleN, lc, lc2, mrrNow, mrrAgo, pipeline] = [
    "won",
    "lost",
    "amount_n",
    "la",
    "la2",
    "cycle_n",
    "lc",
    "lc2",
    "mrr_now",
    "mrr_ago",
    "pipeline",
  ].map(num) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const facts: AccountFacts[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    facts[i] = {
      accountId: String(ids[i]),
      dims: dimCols.map((d) => String(d[i] ?? "unknown")),
      newWon: won[i] ?? 0,
      newLost: lost[i] ?? 0,
      amountN: amountN[i] ?? 0,
      logAmountSum: la[i] ?? 0,
      logAmountSq: la2[i] ?? 0,
      cycleN: cycleN[i] ?? 0,
      logCycleSum: lc[i] ?? 0,
      logCycleSq: lc2[i] ?? 0,
      mrrNow: mrrNow[i] ?? 0,
      mrrYearAgo: mrrAgo[i] ?? 0,
      openPipeline: pipeline[i] ?? 0,
    };
  }
  return { facts, accountSource: acc.source, revenueMonth: month?.m ?? q.asOf };
}
