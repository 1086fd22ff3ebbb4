import type { ExecutionRow, Tier } from "../../core/scoring/tal/index.js";
import { icpExecution } from "../../core/scoring/tal/index.js";
import type { Db } from "../store/db.js";
import { literal } from "../store/ddl.js";

/**
 * ICP execution over (from, to]: new pipeline created and revenue won in the period, as the store
 * knows it now, by the tier each account had in a list built as of `from`.
 */
export async function measureExecution(
  db: Db,
  from: string,
  to: string,
  tierOf: ReadonlyMap<string, Tier>,
): Promise<ExecutionRow[]> {
  const f = `DATE ${literal(from)}`;
  const t = `DATE ${literal(to)}`;
  const deals = await db.all<{ account_id: string | null; created: number; won: number }>(
    `SELECT account_id,
            sum(CASE WHEN created_date > ${f} AND created_date <= ${t} THEN coalesce(amount, 0) ELSE 0 END) AS created,
            sum(CASE WHEN status = 'won' AND close_date > ${f} AND close_date <= ${t} THEN coalesce(amount, 0) ELSE 0 END) AS won
     FROM opportunities
     WHERE (created_date > ${f} AND created_date <= ${t}) OR (status = 'won' AND close_date > ${f} AND close_date <= ${t})
     GROUP BY account_id`,
  );
  const counts: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const tier of tierOf.values()) counts[tier]++;
  return icpExecution(
    counts,
    deals.map((d) => ({
      tier: (d.account_id === null ? undefined : tierOf.get(d.account_id)) ?? null,
      created: d.created,
      won: d.won,
    })),
  );
}
