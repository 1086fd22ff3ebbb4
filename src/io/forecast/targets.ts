/** The target account list saved by `paydirt tal --save` (the latest one on or before a day). */
import type { TargetAccount } from "../../core/forecast/coverage.js";
import { type Day, isoDay } from "../../core/forecast/types.js";
import type { Db } from "../store/db.js";

/** Targets with their current owner, or undefined when no list was saved by `asOf`. */
export async function loadTargets(
  db: Db,
  asOf: Day,
): Promise<{ asOf: string; targets: TargetAccount[] } | undefined> {
  const t = isoDay(asOf);
  const latest = await db
    .one<{ d: string | null }>(
      "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts WHERE as_of <= CAST($t AS DATE)",
      { t },
    )
    .catch(() => undefined);
  if (!latest?.d) return undefined;
  const rows = await db.all<{
    account: string;
    owner: string | null;
    rank: number;
    value: number | null;
  }>(
    `SELECT l.account_id AS account, a.owner_id AS owner, l."rank" AS "rank", l."value" AS "value"
     FROM target_accounts l LEFT JOIN accounts a USING (account_id)
     WHERE l.as_of = CAST($d AS DATE) ORDER BY l."rank"`,
    { d: latest.d },
  );
  return {
    asOf: latest.d,
    targets: rows.map((r) => ({
      account: r.account,
      owner: r.owner,
      rank: r.rank,
      value: r.value ?? 0,
    })),
  };
}
