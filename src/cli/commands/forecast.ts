import { writeFileSync } from "node:fs";
import { z } from "zod";
import { fanChartSvg } from "../../core/forecast/fan.js";
import type { GroupForecast } from "../../core/forecast/forecast.js";
import { isoDay, parseQuarter } from "../../core/forecast/types.js";
import { formatIssue } from "../../core/issues.js";
import { ForecastRequest } from "../../core/requests/forecast.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import type { Command } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt forecast [--db PATH] [--as-of YYYY-MM-DD] [--by rep|team|region]
                        [--period YYYY-Qn] [--draws N] [--seed N] [--json FILE] [--fan FILE.svg]

Won revenue this quarter and next, as of a date: won to date + a Monte Carlo over the open deals
(each deal's P(win) and timing from the close-probability model) + pipeline not yet created (a
run-rate by rep, segment and season), with P10/P50/P90 per company and per --by group (team = the
rep's manager, region = the rep's team field), and each part's expected contribution.

options:
  --db PATH        store (default ./${DEFAULT_STORE})
  --as-of DATE     forecast with what was known at the end of DATE (default: the latest data)
  --by LEVEL       groups listed besides the company: rep, team or region (default region)
  --period Q       the first quarter (default: the as-of date's); the next one comes with it
  --draws N        Monte Carlo draws (default 10000)
  --json FILE      write every group's row: by, key, period, won_to_date, p10, p50, p90, and the
                   parts (open_expected, new_expected), mean, quota, open_deals
  --fan FILE       write the company's fan chart (SVG): cumulative won revenue by week, P10-P90`;

const FLAGS = {
  schema: withStore(ForecastRequest, DEFAULT_STORE).extend({
    json: z.string().min(1).optional(),
    fan: z.string().min(1).optional(),
  }),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    by: { type: "string" },
    period: { type: "string" },
    draws: { type: "number" },
    seed: { type: "number" },
    json: { type: "string" },
    fan: { type: "string" },
  } satisfies Record<string, Flag>,
};

/** The forecast table printed for a set of group rows. */
export function forecastTable(rows: readonly GroupForecast[]): string {
  return formatTable(
    rows.map((r) => ({
      [r.by]: r.key,
      period: r.period,
      "won to date": money(r.won_to_date),
      "+ open (exp.)": money(r.open_expected),
      "+ new (exp.)": money(r.new_expected),
      P10: money(r.p10),
      P50: money(r.p50),
      P90: money(r.p90),
      quota: money(r.quota),
      "P50/quota": r.quota ? pct(r.p50 / r.quota, 0) : "",
      "open deals": num(r.open_deals),
    })),
  );
}

export const command: Command = {
  name: "forecast",
  summary: "won revenue this and next quarter: P10/P50/P90 per rep, team, region and company",
  usage,
  async run(argv) {
    const v = parseRequest(argv, FLAGS);
    const period = v.period ? parseQuarter(v.period) : undefined;
    const store = await Store.open(v.db, "read");
    try {
      const { asOf, result } = await forecastFromStore(store.db, v.asOf, {
        draws: v.draws,
        seed: v.seed,
        ...(period && { period }),
      });
      const [p1, p2] = result.periods;
      console.log(
        `Forecast as of ${isoDay(asOf)} for ${p1.label} and ${p2.label}: ${num(result.scores.length)} open deals scored, model learnt from ${num(result.model.trainingRows)} deal-weeks; ${num(v.draws)} draws`,
      );
      for (const i of result.issues) console.log(formatIssue(i));
      console.log(forecastTable(result.rows.filter((r) => r.by === "company")));
      console.log("");
      console.log(forecastTable(result.rows.filter((r) => r.by === v.by && r.period === p1.label)));
      if (v.json) {
        writeFileSync(v.json, `${JSON.stringify(result.rows, null, 2)}\n`);
        console.log(`\nwrote ${num(result.rows.length)} rows to ${v.json}`);
      }
      if (v.fan) {
        writeFileSync(v.fan, fanChartSvg(result));
        console.log(`wrote the fan chart to ${v.fan}`);
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
