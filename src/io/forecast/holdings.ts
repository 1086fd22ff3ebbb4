/** A rep's accounts with their revenue now and a year ago, segment potential and target value. */
import type { Holding } from "../../core/forecast/portfolio.js";
import { type Day, isoDay } from "../../core/forecast/types.js";
import type { Db } from "../store/db.js";

/** Holdings of `rep` (accounts it owns now) as of `asOf`. */
export async function loadHoldings(db: Db, rep: string, asOf: Day): Promise<Holding[]> {
  const t = isoDay(asOf);
  const hasList = (
    await db.one<{ n: number }>(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $name AND database_name = current_database()",
      { name: "target_accounts" },
    )
  )?.n;
  const list = hasList
    ? `(SELECT account_id, "value" FROM target_accounts
        WHERE as_of = (SELECT max(as_of) FROM target_accounts WHERE as_of <= CAST($t AS DATE)))`
    : '(SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS "value" WHERE false)';
  return db.all<Holding>(
    `WITH last AS (SELECT max(month) AS m FROM revenue_as_of(CAST($t AS DATE))),
     rev AS (
       SELECT account_id,
         12 * coalesce(sum(mrr) FILTER (WHERE month = (SELECT m FROM last)), 0) AS arr,
         12 * coalesce(sum(mrr) FILTER (WHERE month = (SELECT m FROM last) - INTERVAL 12 MONTH), 0) AS arr_ago
       FROM revenue_as_of(CAST($t AS DATE)) GROUP BY 1
     ), seg AS (
       SELECT a.account_id, coalesce(a.industry, '?') AS segment, coalesce(r.arr, 0) AS arr, coalesce(r.arr_ago, 0) AS arr_ago
       FROM accounts a LEFT JOIN rev r USING (account_id)
     ), pot AS (
       SELECT segment, quantile_cont(arr, 0.8) AS potential FROM seg WHERE arr > 0 GROUP BY 1
     )
     SELECT a.account_id AS account, a.name, s.segment, CAST(s.arr AS DOUBLE) AS arr,
       CAST(s.arr_ago AS DOUBLE) AS "arrYearAgo", CAST(coalesce(p.potential, 0) AS DOUBLE) AS potential,
       CAST(coalesce(l."value", 0) AS DOUBLE) AS "targetValue"
     FROM accounts a JOIN seg s USING (account_id) LEFT JOIN pot p USING (segment)
     LEFT JOIN ${list} l USING (account_id)
     WHERE a.owner_id = $rep`,
    { t, rep },
  );
}
