import type { IntentAccount } from "../../core/scoring/intent/input.js";
import type { Db } from "../store/db.js";

/**
 * 1 for each account (in the given order) that opened a new-business opportunity after `from`
 * and up to `to` (YYYY-MM-DD), as known at `to`; else 0.
 */
export async function loadOpenings(
  db: Db,
  accounts: readonly IntentAccount[],
  from: string,
  to: string,
): Promise<Uint8Array> {
  const rows = await db.all<{ account_id: string }>(
    `SELECT DISTINCT account_id FROM opportunities_as_of(CAST($to AS DATE))
     WHERE account_id IS NOT NULL AND coalesce(type, 'new') = 'new'
       AND created_date > CAST($from AS DATE) AND created_date <= CAST($to AS DATE)`,
    { from, to },
  );
  const opened = new Set(rows.map((r) => r.account_id));
  return Uint8Array.from(accounts, (a) => (opened.has(a.accountId) ? 1 : 0));
}
