import { closeSync, openSync } from "node:fs";
import { PaydirtError } from "../../core/errors.js";
import { CsvByteWriter } from "../csv/byte-writer.js";
import type { Db } from "../store/db.js";
import { type RefreshRow, refreshAsOf } from "./store.js";

/** One account of a rep's book or queue, with why it is there. */
export interface BookLine {
  readonly account_id: string;
  readonly name: string | null;
  readonly stage: string;
  readonly since: string;
  readonly reason: string;
  readonly value: number;
}

/** The refresh holding the books as of T (default: the latest), or a not-found error. */
export async function requireRefresh(db: Db, asOf?: string): Promise<RefreshRow> {
  const has = await db.one<{ n: number }>("SELECT count(*) AS n FROM book_refreshes");
  const r = has?.n ? await refreshAsOf(db, asOf ?? "9999-12-31") : undefined;
  if (!r)
    throw PaydirtError.of(
      "not_found",
      "books_not_refreshed",
      asOf
        ? `no books refreshed as of ${asOf} or before: run paydirt books refresh`
        : "no books yet: run paydirt books refresh",
    );
  return r;
}

/** A rep's core, rotating tier and BDR queue as of a refresh; an unknown rep is a not-found error. */
export async function repBook(
  db: Db,
  refresh: RefreshRow,
  rep: string,
): Promise<{ role: string | null; lines: BookLine[] }> {
  const r = await db.one<{ role: string | null }>("SELECT role FROM reps WHERE rep_id = $rep", {
    rep,
  });
  if (!r)
    throw PaydirtError.of("not_found", "books_unknown_rep", `no rep ${rep} in the store`, {
      ids: { rep_id: rep },
    });
  const lines = await db.all<BookLine>(
    `SELECT s.account_id, a.name, s.stage, CAST(s.since AS VARCHAR) AS since, s.reason, s."value" AS value
     FROM book_states s LEFT JOIN accounts a USING (account_id)
     WHERE s.refresh_id = $id AND (s.ae_id = $rep OR s.bdr_id = $rep) AND s.stage IN ('core', 'rotating', 'bdr')
     ORDER BY CASE s.stage WHEN 'core' THEN 0 WHEN 'rotating' THEN 1 ELSE 2 END, s."value" DESC, s.account_id`,
    { id: refresh.refresh_id, rep },
  );
  return { role: r.role, lines };
}

/** One stored move. */
export interface ChangeLine {
  readonly as_of: string;
  readonly account_id: string;
  readonly from_stage: string;
  readonly to_stage: string;
  readonly from_rep: string | null;
  readonly to_rep: string | null;
  readonly reason: string;
  readonly data: string;
}

/** Moves into and out of books and queues since a date (default: those of the latest refresh). */
export async function bookChanges(db: Db, since?: string): Promise<ChangeLine[]> {
  const from = since ?? (await requireRefresh(db)).as_of;
  return db.all<ChangeLine>(
    `SELECT CAST(as_of AS VARCHAR) AS as_of, account_id, from_stage, to_stage, from_rep, to_rep, reason,
       CAST(data AS VARCHAR) AS data
     FROM book_changes
     WHERE as_of >= CAST($from AS DATE)
       AND (from_stage IN ('core', 'rotating', 'bdr') OR to_stage IN ('core', 'rotating', 'bdr'))
     ORDER BY as_of, to_rep NULLS LAST, account_id`,
    { from },
  );
}

/** Write `account_id,owner_id,tier,stage,reason,since` for every worked or lifecycle account of a refresh. */
export async function exportBooksCsv(db: Db, refresh: RefreshRow, file: string): Promise<number> {
  const fd = openSync(file, "w");
  let n = 0;
  try {
    const out = new CsvByteWriter(fd, true);
    out.row(["account_id", "owner_id", "tier", "stage", "reason", "since"]);
    for await (const rows of db.stream<{
      account_id: string;
      owner: string | null;
      tier: string;
      stage: string;
      reason: string;
      since: string;
    }>(
      `SELECT account_id, coalesce(ae_id, bdr_id) AS owner,
         CASE stage WHEN 'core' THEN 'core' WHEN 'rotating' THEN 'rotating' WHEN 'bdr' THEN 'bdr_queue' ELSE '' END AS tier,
         stage, reason, CAST(since AS VARCHAR) AS since
       FROM book_states WHERE refresh_id = $id ORDER BY account_id`,
      { id: refresh.refresh_id },
    )) {
      for (const r of rows) {
        out.row([r.account_id, r.owner, r.tier, r.stage, r.reason, r.since]);
        n++;
      }
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
  return n;
}
