import { writeFileSync } from "node:fs";
import { z } from "zod";
import { coverage } from "../../core/forecast/coverage.js";
import { fanChartSvg } from "../../core/forecast/fan.js";
import type { GroupForecast } from "../../core/forecast/forecast.js";
import { isoDay, parseQuarter } from "../../core/forecast/types.js";
import { formatIssue } from "../../core/issues.js";
import { CoverageRequest, ForecastRequest, forecastName } from "../../core/requests/forecast.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { defaultForecastName, saveForecast } from "../../io/forecast/saved.js";
import { loadTargets } from "../../io/forecast/targets.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt forecast [--db PATH] [--as-of YYYY-MM-DD] [--by rep|team|region]
                        [--period YYYY-Qn] [--draws N] [--seed N] [--json FILE] [--fan FILE.svg]
                        [--save [--name NAME] [--multiple 4] [--qualified-stage STAGE]]

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
  --fan FILE       write the company's fan chart (SVG): cumulative won revenue by week, P10-P90
  --save           keep the forecast in the store with its as-of date: every group's row, the
                   weekly fan and the coverage table (served by GET /v1/forecasts/NAME)
  --name NAME      its name (default forecast-<as-of>; an existing one of that name is replaced)
  --multiple X     coverage a rep needs in the saved coverage table (default 4)
  --qualified-stage S  first qualified stage in the saved coverage table (see paydirt coverage)`;

const FLAGS = {
  schema: withStore(ForecastRequest, DEFAULT_STORE).extend({
    json: z.string().min(1).optional(),
    fan: z.string().min(1).optional(),
    save: z.boolean().default(false),
    name: forecastName.optional(),
    multiple: CoverageRequest.shape.multiple,
    qualifiedStage: CoverageRequest.shape.qualifiedStage,
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
    save: { type: "boolean" },
    name: { type: "string" },
    multiple: { type: "number" },
    "qualified-stage": { type: "string" },
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
    if (!v.save && (v.name !== undefined || v.qualifiedStage !== undefined))
      throw new UsageError("--name and --qualified-stage go with --save", "invalid_option", {
        ids: { option: v.name !== undefined ? "name" : "qualified-stage" },
      });
    const store = await Store.open(v.db, v.save ? "write" : "read");
    try {
      const { asOf, input, result } = await forecastFromStore(store.db, v.asOf, {
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
      if (v.save) {
        const list = await loadTargets(store.db, asOf);
        const cov = coverage(result, input, list?.targets ?? [], {
          multiple: v.multiple,
          ...(v.qualifiedStage !== undefined && { qualifiedStage: v.qualifiedStage }),
        });
        const name = v.name ?? defaultForecastName(asOf);
        await saveForecast(store.db, name, result, cov, { draws: v.draws, seed: v.seed });
        console.log(
          `saved forecast ${name} (as of ${isoDay(asOf)}: ${num(result.rows.length)} group rows, ${num(cov.rows.length)} coverage rows) in the store`,
        );
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
