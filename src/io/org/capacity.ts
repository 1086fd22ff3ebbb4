/**
 * What `paydirt capacity` reads: the target account list on or before the as-of date (tier and
 * value per account) with each account's region (from its state) and segment (size band), and
 * the active AEs per region (reps.team).
 */
import { PaydirtError } from "../../core/errors.js";
import type { CapacityAccount } from "../../core/org/capacity.js";
import type { Db } from "../store/db.js";
import { regionSql, sizeBandSql } from "../store/summary.js";

export async function readCapacityInputs(
  db: Db,
  asOf: string | undefined,
): Promise<{ accounts: CapacityAccount[]; aes: Map<string, number>; talAsOf: string }> {
  const has = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'target_accounts' AND NOT temporary",
  );
  const d = has?.n
    ? await db.one<{ d: string | null }>(
        "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts WHERE as_of <= CAST($as_of AS DATE)",
        { as_of: asOf ?? "2199-12-31" },
      )
    : undefined;
  if (!d?.d)
    throw PaydirtError.of(
      "invalid",
      "quota_no_potential",
      `no target account list${asOf ? ` on or before ${asOf}` : ""}: run \`paydirt tal --save\` first`,
    );
  const accounts = await db.all<CapacityAccount>(
    `SELECT coalesce(${regionSql("a.state", "a.country")}, '(none)') AS region,
            coalesce(${sizeBandSql("a.employees")}, '(unknown)') AS segment,
            t.tier AS tier, coalesce(t."value", 0) AS "value"
     FROM target_accounts t JOIN accounts a USING (account_id)
     WHERE t.as_of = CAST($d AS DATE)`,
    { d: d.d },
  );
  const reps = await db.all<{ region: string; n: number }>(
    `SELECT coalesce(team, '(none)') AS region, count(*) AS n FROM reps
     WHERE role = $role AND coalesce(active, true) GROUP BY 1`,
    { role: "AE" },
  );
  return {
    accounts: accounts.map((a) => ({ ...a, value: Number(a.value) })),
    aes: new Map(reps.map((r) => [r.region, Number(r.n)])),
    talAsOf: d.d,
  };
}
