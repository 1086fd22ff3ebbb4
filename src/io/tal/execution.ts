import type { ExecutionRow, Tier } from "../../core/scoring/tal/index.js";
import { icpExecution } from "../../core/scoring/tal/index.js";
import type { Db } from "../store/db.js";

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
  const deals = await db.all<{ account_id: string | null; created: number; won: number }>(
    `SELECT account_id,
            sum(CASE WHEN created_date > CAST($from AS DATE) AND created_date <= CAST($to AS DATE) THEN coalesce(amount, 0) ELSE 0 END) AS created,
            sum(CASE WHEN status = 'won' AND close_date > CAST($from AS DATE) AND close_date <= CAST($to AS DATE) THEN coalesce(amount, 0) ELSE 0 END) AS won
     FROM opportunities
     WHERE (created_date > CAST($from AS DATE) AND created_date <= CAST($to AS DATE)) OR (status = 'won' AND close_date > CAST($from AS DATE) AND close_date <= CAST($to AS DATE))
     GROUP BY account_id`,
    { from, to },
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
