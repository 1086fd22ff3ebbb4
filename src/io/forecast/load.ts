/**
 * Loads what the forecast reads from the store: deals with their recorded changes, daily product
 * usage, reps and quotas. With `asOf`, only what the store knew then (the as-of macros: deals as
 * they stood, changes and signals up to that day); without it, everything, and the core cuts it
 * at each origin by the same rules.
 */

import type {
  Day,
  DealEvent,
  DealRecord,
  DealStatus,
  ForecastInput,
  QuotaRecord,
  RepRecord,
  UsageRecord,
} from "../../core/forecast/types.js";
import { isoDay } from "../../core/forecast/types.js";
import type { Db } from "../store/db.js";

const day = (col: string) => `CAST(floor(epoch(CAST(${col} AS DATE)) / 86400) AS INTEGER)`;

/** Topics that name the main usage measure; when none is present every product_usage row counts. */
const MAIN_TOPICS = ["active_users", "active users", "dau", "daily active users"];

/** Read the forecast's input from an open store. */
export async function loadForecastInput(db: Db, asOf?: Day): Promise<ForecastInput> {
  const t = asOf === undefined ? undefined : isoDay(asOf);
  const opps = t ? "opportunities_as_of(CAST($t AS DATE)) o" : "opportunities o";
  const category = t ? "NULL" : "o.forecast_category";
  const dealRows = await db.all<{
    id: string;
    account: string | null;
    owner: string | null;
    type: string | null;
    product: string | null;
    created: number;
    status: DealStatus;
    stage: string | null;
    amount: number | null;
    close: number | null;
    category: string | null;
  }>(
    `SELECT o.opportunity_id AS id, o.account_id AS account, o.owner_id AS owner, o.type, o.product,
       ${day("o.created_date")} AS created, o.status, o.stage,
       ${t ? "CASE WHEN o.state_source = $reconstructed THEN NULL ELSE o.amount END" : "o.amount"} AS amount,
       ${day("o.close_date")} AS close, ${category} AS category
     FROM ${opps} WHERE o.created_date IS NOT NULL ORDER BY o.opportunity_id`,
    t ? { t, reconstructed: "reconstructed" } : undefined,
  );
  const events = new Map<string, DealEvent[]>();
  const histRows = await db.all<{
    id: string;
    day: number;
    stage: string | null;
    status: DealStatus | null;
    amount: number | null;
    close: number | null;
    category: string | null;
  }>(
    `SELECT opportunity_id AS id, ${day("changed_at")} AS day, stage, status, amount,
       ${day("close_date")} AS close, forecast_category AS category
     FROM opportunity_history
     ${t ? "WHERE changed_at < CAST($t AS DATE) + INTERVAL 1 DAY" : ""}
     ORDER BY opportunity_id, changed_at`,
    t ? { t } : undefined,
  );
  for (const h of histRows) {
    const list = events.get(h.id);
    const e: DealEvent = {
      day: h.day,
      stage: h.stage,
      status: h.status,
      amount: h.amount,
      closeDate: h.close,
      category: h.category,
    };
    if (list) list.push(e);
    else events.set(h.id, [e]);
  }
  const deals: DealRecord[] = dealRows.map((r) => ({
    id: r.id,
    account: r.account,
    owner: r.owner,
    type: r.type,
    product: r.product,
    created: r.created,
    status: r.status,
    stage: r.stage,
    amount: r.amount,
    closeDate: r.close,
    category: r.category,
    events: events.get(r.id) ?? [],
  }));
  const topics = MAIN_TOPICS.map((_, i) => `$topic${i}`).join(", ");
  const topicParams = Object.fromEntries(MAIN_TOPICS.map((v, i) => [`topic${i}`, v]));
  const source = t ? "signals_as_of(CAST($t AS DATE))" : "signals";
  const hasMain = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${source} WHERE kind = $kind AND lower(topic) IN (${topics})`,
    { ...topicParams, kind: "product_usage", ...(t ? { t } : {}) },
  );
  const usage = await db.all<UsageRecord>(
    `SELECT account_id AS account, ${day("occurred_at")} AS day, sum(value) AS value
     FROM ${source}
     WHERE kind = $kind ${(hasMain?.n ?? 0) > 0 ? `AND lower(topic) IN (${topics})` : ""}
     GROUP BY 1, 2`,
    { ...topicParams, kind: "product_usage", ...(t ? { t } : {}) },
  );
  const reps = await db.all<RepRecord>(
    "SELECT rep_id AS id, team, manager_id AS manager FROM reps",
  );
  const quotas = (await db
    .all<QuotaRecord>(
      `SELECT rep_id AS rep, ${day("period_start")} AS start, ${day("period_end")} AS "end", amount FROM quotas`,
    )
    .catch(() => [])) as QuotaRecord[];
  return { deals, usage, reps, quotas };
}
