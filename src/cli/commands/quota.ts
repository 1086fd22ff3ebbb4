import { writeFileSync } from "node:fs";
import { z } from "zod";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { issue } from "../../core/issues.js";
import { parsePeriod } from "../../core/org/period.js";
import {
  attainmentSpread,
  equalChanceQuotas,
  headcountQuotas,
  type QuotaPlan,
} from "../../core/org/quota.js";
import { QuotaRequest } from "../../core/requests/quota.js";
import { writeRowsCsv } from "../../io/analytics/csv.js";
import { latestDay } from "../../io/forecast/run.js";
import { readActualBookings, readQuotaInputs } from "../../io/org/quota.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt quota [--db PATH] [--target AMOUNT] [--period YEAR|QUARTER] [--as-of DATE]
                     [--json FILE] [--out FILE.csv] [--ramp-months N] [--forecast]
                     [--draws N] [--seed N]

Quotas every rep is equally likely to make. Each AE's bookings in the period are a distribution:
the accounts the rep owns, each booking its deal size (value / fit of the latest target account
list, \`paydirt tal --save\`) with its chance of winning within the period, simulated; or, with
--forecast (quarters), the forecast's P10/P50/P90 per rep. New hires ramp linearly over
--ramp-months from their start date. One attainment probability pi is solved so that each rep's
quota is the (1 - pi) quantile of the rep's bookings and the quotas sum to the target; teams
(region / manager) and regions get the sum of their reps' (top-down), shown against the sum of
their expected bookings (bottom-up). A split by headcount is shown for comparison.

options:
  --db PATH            store (default ./${DEFAULT_STORE})
  --target AMOUNT      company target for the period (default: the quotas the store has for the
                       period, else the reps' expected bookings)
  --period P           2027 or 2027-Q1 (default: the year after the as-of date)
  --as-of DATE         what is known (default: the latest day in the data)
  --json FILE          write {period, target, p_attain, rows, levels} as JSON
  --out FILE           write rep_id,team,region,quota,expected_bookings,p_attain,ramp as CSV (for a CRM)
  --ramp-months N      default 6
  --forecast           use the forecast's distribution per rep (quarter periods only)
  --draws N            simulated outcomes per rep (default 4000)
  --seed N             default 1
  --backtest           set quotas as of --as-of for a --period that is over, then compare with what
                       each rep booked (won new and expansion deals closed in the period): the
                       spread of attainment with these quotas and with a split by headcount`;

const FLAGS = {
  schema: withStore(QuotaRequest, DEFAULT_STORE).extend({
    json: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
  }),
  flags: {
    ...STORE_FLAG,
    target: { type: "number" },
    period: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "string" },
    out: { type: "string" },
    "ramp-months": { type: "number" },
    forecast: { type: "boolean" },
    draws: { type: "number" },
    seed: { type: "number" },
    backtest: { type: "boolean" },
  } satisfies Record<string, Flag>,
};

const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** The spread of p_attain over reps, in points. */
function spread(plan: QuotaPlan): number {
  const ps = plan.rows.map((r) => r.p_attain);
  return ps.length ? Math.max(...ps) - Math.min(...ps) : 0;
}

export const command: Command = {
  name: "quota",
  summary: "quotas every rep is equally likely to make, from scored potential or the forecast",
  usage,
  async run(argv) {
    const req = parseRequest(argv, FLAGS);
    if (req.period !== undefined && !parsePeriod(req.period))
      throw new UsageError(
        `--period must be a year (2027) or a quarter (2027-Q1), got "${req.period}"`,
        "quota_period_invalid",
        {
          ids: { option: "period" },
        },
      );
    const store = await openStoreForReading(req.db);
    try {
      const db = store.db;
      const asOf = req.asOf ?? iso((await latestDay(db)) ?? Math.floor(Date.now() / 86_400_000));
      const period =
        parsePeriod(req.period ?? String(Number(asOf.slice(0, 4)) + 1)) ??
        (() => {
          throw new Error("unreachable");
        })();
      if (req.forecast && !period.label.includes("Q"))
        throw new UsageError(
          "--forecast needs a quarter --period (the forecast covers quarters)",
          "quota_period_invalid",
          {
            ids: { option: "period" },
          },
        );
      const inputs = await readQuotaInputs(db, {
        asOf,
        period,
        rampMonths: req.rampMonths,
        draws: req.draws,
        seed: req.seed,
        forecast: req.forecast,
      });
      const expected = inputs.reps.reduce((s, r) => s + r.bookings.mean, 0);
      const target = req.target ?? (inputs.currentQuota > 0 ? inputs.currentQuota : expected);
      if (!(target > 0))
        throw new PaydirtError("invalid", [
          issue("quota_target_invalid", `the target must be a positive amount, got ${target}`, {
            ids: { option: "target" },
          }),
        ]);
      const plan = unwrap(equalChanceQuotas(inputs.reps, target));
      const hc = unwrap(headcountQuotas(inputs.reps, target));
      const hcById = new Map(hc.rows.map((r) => [r.rep_id, r]));
      console.log(
        `period ${period.label} (${iso(period.start)} .. ${iso(period.end)}), as of ${asOf}; potential from the target list of ${inputs.talAsOf}`,
      );
      console.log(
        `target ${money(plan.target)}${req.target === undefined ? (inputs.currentQuota > 0 ? " (the store's quotas for the period)" : " (expected bookings)") : ""}; expected bookings ${money(expected)}; every rep's chance of making quota: ${pct(plan.p_attain)} (spread ${pct(spread(plan))}; split by headcount: ${pct(spread(hc))})`,
      );
      console.log("");
      console.log(
        formatTable(
          plan.rows.map((r) => ({
            rep_id: r.rep_id,
            team: r.team,
            quota: money(r.quota),
            expected_bookings: money(r.expected_bookings),
            p_attain: pct(r.p_attain),
            ramp: r.ramp < 1 ? pct(r.ramp, 0) : "",
            source: inputs.source.get(r.rep_id) ?? "",
            "headcount quota": money(hcById.get(r.rep_id)?.quota),
            "its p_attain": pct(hcById.get(r.rep_id)?.p_attain),
          })),
        ),
      );
      console.log("");
      console.log("top-down (quota) vs bottom-up (expected bookings):");
      console.log(
        formatTable(
          plan.levels.map((l) => ({
            level: l.level,
            id: l.id,
            reps: l.reps,
            "top-down": money(l.top_down),
            "bottom-up": money(l.bottom_up),
            difference: money(l.difference),
          })),
        ),
      );
      let backtest: Record<string, unknown> | undefined;
      if (req.backtest) {
        const actual = await readActualBookings(db, period);
        const got = plan.rows.map((r) => actual.get(r.rep_id) ?? 0);
        const a = attainmentSpread(
          plan.rows.map((r) => r.quota),
          got,
        );
        const b = attainmentSpread(
          hc.rows.map((r) => r.quota),
          got,
        );
        backtest = {
          booked: got.reduce((x, y) => x + y, 0),
          owners: inputs.owners,
          potential: a,
          headcount: b,
        };
        if (inputs.owners === "current")
          console.log(
            `\nnote: the store knew no accounts or reps on ${asOf}, so books are today's owners (import snapshots with \`paydirt import --as-of\` for a backtest without look-ahead)`,
          );
        console.log("");
        console.log(
          `backtest over ${period.label}: booked ${money(backtest.booked as number)}; attainment (booked / quota) across reps`,
        );
        console.log(
          formatTable(
            [
              { quotas: "from potential (equal chance)", ...a },
              { quotas: "split by headcount", ...b },
            ].map((r) => ({
              quotas: r.quotas,
              "mean attainment": pct(r.mean),
              sd: pct(r.sd),
              P10: pct(r.p10),
              P90: pct(r.p90),
            })),
          ),
        );
      }
      const rows = plan.rows.map((r) => ({
        rep_id: r.rep_id,
        team: r.team,
        region: r.region,
        quota: r.quota,
        expected_bookings: Math.round(r.expected_bookings * 100) / 100,
        p_attain: Math.round(r.p_attain * 10000) / 10000,
        ramp: Math.round(r.ramp * 10000) / 10000,
      }));
      if (req.out) writeRowsCsv(req.out, rows);
      if (req.json)
        writeFileSync(
          req.json,
          `${JSON.stringify(
            {
              period: period.label,
              as_of: asOf,
              target: plan.target,
              p_attain: plan.p_attain,
              rows,
              levels: plan.levels,
              ...(backtest ? { backtest } : {}),
              headcount: hc.rows.map((r) => ({
                rep_id: r.rep_id,
                quota: r.quota,
                p_attain: r.p_attain,
              })),
            },
            null,
            2,
          )}\n`,
        );
      return 0;
    } finally {
      store.close();
    }
  },
};
