import { ENTITIES, SIZE_BANDS, US_STATES } from "../../core/model/index.js";
import type { Db } from "./db.js";
import { ident } from "./ddl.js";
import { sqlValue } from "./sql.js";

/** One roll-up line: a segment or region with its book of business. */
export interface RollupRow {
  readonly group: string;
  readonly accounts: number;
  readonly customers: number;
  readonly arr: number;
  readonly won_12m: number;
  readonly pipeline: number;
  readonly win_rate: number | null;
}

export interface StoreSummary {
  readonly counts: readonly { entity: string; rows: number }[];
  readonly lastImport: string | null;
  readonly referenceDate: string | null;
  readonly opportunities: {
    open: number;
    won: number;
    lost: number;
    pipeline: number;
    wonAmount: number;
  };
  readonly bySize: readonly RollupRow[];
  readonly byRegion: readonly RollupRow[];
  readonly byIndustry: readonly RollupRow[];
}

/** SQL expression: Census region of a US state (code or name), else the country. */
export function regionSql(state: string, country: string): string {
  const cases = US_STATES.map(
    (s) =>
      `WHEN upper(trim(${state})) IN (${sqlValue(s.code)}, ${sqlValue(s.name.toUpperCase())}) THEN ${sqlValue(s.region)}`,
  ).join(" ");
  return `CASE ${cases} ELSE coalesce(nullif(trim(${country}), ''), 'unknown') END`;
}

/** SQL expression: size band of a head count. */
export function sizeBandSql(employees: string): string {
  const cases = SIZE_BANDS.filter((b) => Number.isFinite(b.below))
    .map((b) => `WHEN ${employees} < ${sqlValue(b.below)} THEN ${sqlValue(b.label)}`)
    .join(" ");
  const last = SIZE_BANDS[SIZE_BANDS.length - 1]?.label ?? "";
  return `CASE WHEN ${employees} IS NULL THEN 'unknown' ${cases} ELSE ${sqlValue(last)} END`;
}

/**
 * Counts and roll-ups of a store: what was loaded, and revenue by size band, region and industry.
 * ARR is the latest month's recurring revenue x 12; "won 12m" sums won new and expansion deals
 * (renewals excluded) closed in the 12 months up to the latest close date in the data.
 */
export async function summarise(db: Db): Promise<StoreSummary> {
  const counts: { entity: string; rows: number }[] = [];
  for (const e of ENTITIES) {
    const r = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(e.name)}`);
    counts.push({ entity: e.name, rows: r?.n ?? 0 });
  }
  const last = await db.one<{ t: string | null }>(
    "SELECT CAST(max(finished_at) AS VARCHAR) AS t FROM imports",
  );
  const ref = await db.one<{ t: string | null }>(
    "SELECT CAST(max(close_date) FILTER (WHERE status <> 'open') AS VARCHAR) AS t FROM opportunities",
  );
  const o = await db.one<StoreSummary["opportunities"]>(
    `SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'won') AS won,
            count(*) FILTER (WHERE status = 'lost') AS lost,
            coalesce(sum(amount) FILTER (WHERE status = 'open'), 0) AS pipeline,
            coalesce(sum(amount) FILTER (WHERE status = 'won'), 0) AS "wonAmount"
     FROM opportunities`,
  );
  const rollup = (groupExpr: string) =>
    db.all<RollupRow>(
      `WITH ref AS (SELECT max(close_date) FILTER (WHERE status <> 'open') AS d FROM opportunities),
       lastm AS (SELECT max(month) AS m FROM revenue),
       arr AS (SELECT account_id, 12 * sum(mrr) AS arr FROM revenue, lastm WHERE month = lastm.m GROUP BY account_id),
       opp AS (
         SELECT account_id,
           sum(amount) FILTER (WHERE status = 'won' AND coalesce(type, 'new') <> 'renewal'
             AND close_date > (SELECT d FROM ref) - INTERVAL 12 MONTH) AS won_12m,
           sum(amount) FILTER (WHERE status = 'open') AS pipeline,
           count(*) FILTER (WHERE status = 'won') AS won, count(*) FILTER (WHERE status = 'lost') AS lost
         FROM opportunities WHERE account_id IS NOT NULL GROUP BY account_id)
       SELECT ${groupExpr} AS "group", count(*) AS accounts, count(arr.account_id) AS customers,
         coalesce(sum(arr.arr), 0) AS arr, coalesce(sum(opp.won_12m), 0) AS won_12m,
         coalesce(sum(opp.pipeline), 0) AS pipeline,
         sum(opp.won) / nullif(sum(opp.won) + sum(opp.lost), 0) AS win_rate
       FROM accounts a LEFT JOIN arr USING (account_id) LEFT JOIN opp USING (account_id)
       GROUP BY ALL ORDER BY arr DESC, won_12m DESC, accounts DESC`,
    );
  return {
    counts,
    lastImport: last?.t ?? null,
    referenceDate: ref?.t ?? null,
    opportunities: o ?? { open: 0, won: 0, lost: 0, pipeline: 0, wonAmount: 0 },
    bySize: await rollup(sizeBandSql("a.employees")),
    byRegion: await rollup(regionSql("a.state", "a.country")),
    byIndustry: await rollup("coalesce(a.industry, 'unknown')"),
  };
}
