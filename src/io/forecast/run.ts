/**
 * The forecast operations against a store: load what was known at the as-of date (the store's
 * as-of macros) and run the core. The as-of date defaults to the latest day in the data.
 */
import { PaydirtError } from "../../core/errors.js";
import type { ForecastOptions, ForecastResult } from "../../core/forecast/forecast.js";
import { type Day, dayOf, type ForecastInput } from "../../core/forecast/types.js";
import type { Db } from "../store/db.js";
import { loadForecastInput } from "./load.js";
import { forecastParallel } from "./simulate-parallel.js";

/** The latest day the store has facts for (deal created or changed, or closed by now). */
export async function latestDay(db: Db): Promise<Day | undefined> {
  const r = await db.one<{ d: string | null }>(
    `SELECT CAST(max(d) AS VARCHAR) AS d FROM (
       SELECT max(created_date) AS d FROM opportunities
       UNION ALL SELECT max(CAST(changed_at AS DATE)) FROM opportunity_history
       UNION ALL SELECT max(close_date) FROM opportunities WHERE status <> $open
     )`,
    { open: "open" },
  );
  return r?.d ? dayOf(r.d) : undefined;
}

/** Load the input as of `asOf` (default: the latest day) and forecast. */
export async function forecastFromStore(
  db: Db,
  asOf: string | undefined,
  options: ForecastOptions = {},
): Promise<{ asOf: Day; input: ForecastInput; result: ForecastResult }> {
  const t = asOf !== undefined ? dayOf(asOf) : await latestDay(db);
  if (t === undefined)
    throw PaydirtError.of(
      "invalid",
      "forecast_no_data",
      "the store has no opportunities: import some first",
    );
  const input = await loadForecastInput(db, t);
  return { asOf: t, input, result: await forecastParallel(input, t, options) };
}
