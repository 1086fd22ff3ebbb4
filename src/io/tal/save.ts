import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PaydirtError } from "../../core/errors.js";
import { CsvByteWriter } from "../csv/byte-writer.js";
import type { Db } from "../store/db.js";
import type { TalResult } from "./list.js";

/**
 * Keep a list in the store's `target_accounts` table (migration 2) (one list per as-of date, replaced when built
 * again), so that later stages (territory plans) can use its priority as a measure. Written in one
 * transaction through a bulk-loaded temporary CSV.
 */
export async function saveTargetList(db: Db, r: TalResult): Promise<number> {
  if (r.rows.length === 0)
    throw PaydirtError.of(
      "invalid",
      "empty_list",
      `the list as of ${r.asOf} is empty: nothing saved (is the as-of date within the data?)`,
      { data: { as_of: r.asOf } },
    );
  const dir = mkdtempSync(join(tmpdir(), "paydirt-tal-"));
  try {
    const path = join(dir, "tal.csv");
    const fd = openSync(path, "w");
    const out = new CsvByteWriter(fd, true, true);
    for (const row of r.rows) {
      const i = r.inputs.get(row.id);
      out.row([
        r.asOf,
        row.id,
        row.rank,
        row.tier,
        row.priority,
        row.value,
        row.timing,
        i?.fit ?? null,
        row.motion,
        i?.inMarket ?? false,
        row.explanation,
      ]);
    }
    out.flush();
    closeSync(fd);
    // The table comes from migration 2 (a write open of the store applies it).
    await db.transaction(async () => {
      await db.run("DELETE FROM target_accounts WHERE as_of = CAST($as_of AS DATE)", {
        as_of: r.asOf,
      });
      await db.run(
        `INSERT INTO target_accounts SELECT * FROM read_csv($path, header = false,
           auto_detect = false, delim = ',', quote = '"', escape = '"',
           columns = {'as_of': 'DATE', 'account_id': 'VARCHAR', 'rank': 'INTEGER', 'tier': 'VARCHAR',
                      'priority': 'DOUBLE', 'value': 'DOUBLE', 'timing': 'DOUBLE', 'fit': 'DOUBLE',
                      'motion': 'VARCHAR', 'in_market': 'BOOLEAN', 'explanation': 'VARCHAR'})`,
        { path },
      );
    });
    return r.rows.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
