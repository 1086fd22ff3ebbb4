import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { type Issue, issue } from "../../core/issues.js";
import { CompPlan, simulateComp } from "../../core/org/comp.js";
import { parsePeriod } from "../../core/org/period.js";
import { equalChanceQuotas } from "../../core/org/quota.js";
import { day, int, num } from "../../core/requests/common.js";
import { latestDay } from "../../io/forecast/run.js";
import { readQuotaInputs } from "../../io/org/quota.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt comp simulate [--db PATH] [--plan FILE] [--period YEAR|QUARTER] [--as-of DATE]
                            [--target AMOUNT] [--icp-tiers A] [--draws N] [--seed N] [--json FILE]

Simulate a comp plan over each AE's outcomes: the rep's book (target list value and fit, as
\`paydirt quota\` sees it) drawn --draws times, quotas set by \`paydirt quota\`'s equal-chance rule
for --target. Shows expected, P10 and P90 pay per rep, the cost of sales (expected pay / expected
bookings), and the share of expected variable pay earned on ICP accounts (tiers --icp-tiers of
the target list) with the plan's ICP credit and without it.

The plan (JSON, every key optional; defaults shown):
  { "ote": 200000, "base_share": 0.5,
    "bands": [ {"from":0,"rate":0.5}, {"from":0.5,"rate":1}, {"from":1,"rate":1.5}, {"from":1.5,"rate":2} ],
    "cap": 3,            variable pay at most 3 x its target (no cap when absent)
    "icp_credit": 1.5 }  ICP bookings count 1.5 x toward attainment and pay
Bands: multipliers of the base rate by attainment (decelerator below 1, accelerators above);
quota always pays exactly the variable target.`;

const FLAGS = {
  schema: withStore(
    z.strictObject({
      plan: z.string().min(1).optional(),
      period: z.string().min(4).optional(),
      asOf: day.optional(),
      target: num(0, 1e15).optional(),
      icpTiers: z.array(z.string().min(1)).default(["A"]),
      draws: int(100, 1_000_000).default(2000),
      seed: int(0, 2 ** 31).default(1),
      json: z.string().min(1).optional(),
    }),
    DEFAULT_STORE,
  ),
  flags: {
    ...STORE_FLAG,
    plan: { type: "string" },
    period: { type: "string" },
    "as-of": { type: "string" },
    target: { type: "number" },
    "icp-tiers": { type: "list" },
    draws: { type: "number" },
    seed: { type: "number" },
    json: { type: "string" },
  } satisfies Record<string, Flag>,
};

const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

function readPlan(file: string | undefined): CompPlan {
  if (!file) return CompPlan.parse({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw PaydirtError.of(
      "invalid",
      "config_json",
      `cannot read ${file} as JSON: ${(cause as Error).message}`,
      {
        path: { file },
        cause,
      },
    );
  }
  const r = CompPlan.safeParse(json);
  if (r.success) return r.data;
  const issues: Issue[] = r.error.issues.map((i) =>
    issue("config_invalid", i.message, {
      path: { file, json: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)) },
    }),
  );
  throw new PaydirtError("invalid", issues);
}

export const command: Command = {
  name: "comp",
  summary: "simulate a comp plan (OTE, bands, ICP credit): pay per rep, cost of sales, ICP pull",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== "simulate")
      throw new UsageError(`unknown subcommand "${sub ?? ""}": use comp simulate`);
    const req = parseRequest(rest, FLAGS);
    const plan = readPlan(req.plan);
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
      const asOf =
        req.asOf ?? iso((await latestDay(store.db)) ?? Math.floor(Date.now() / 86_400_000));
      const period = parsePeriod(req.period ?? String(Number(asOf.slice(0, 4)) + 1));
      if (!period) throw new Error("unreachable: a year label always parses");
      const inputs = await readQuotaInputs(store.db, {
        asOf,
        period,
        rampMonths: 6,
        draws: 1000,
        seed: req.seed,
        forecast: false,
      });
      const expected = inputs.reps.reduce((s, r) => s + r.bookings.mean, 0);
      const quotas = unwrap(equalChanceQuotas(inputs.reps, req.target ?? expected));
      const icpTiers = new Set(req.icpTiers);
      const sim = unwrap(
        simulateComp(
          plan,
          quotas.rows.map((q) => ({
            rep_id: q.rep_id,
            quota: q.quota,
            chances: (inputs.books.get(q.rep_id) ?? []).map((c) => ({
              p: c.p,
              amount: c.amount * q.ramp,
              icp: icpTiers.has(c.tier),
            })),
          })),
          req.draws,
          req.seed,
        ),
      );
      console.log(
        `period ${period.label}, as of ${asOf}; OTE ${money(plan.ote)} (${pct(plan.base_share, 0)} base); quotas for ${money(quotas.target)} (each rep ${pct(quotas.p_attain)} likely to make it); ICP = tier ${[...icpTiers].join(", ")}, credited x${plan.icp_credit}`,
      );
      console.log("");
      console.log(
        formatTable(
          sim.rows.map((r) => ({
            rep_id: r.rep_id,
            quota: money(r.quota),
            "expected bookings": money(r.expected_bookings),
            "expected pay": money(r.expected_pay),
            P10: money(r.p10_pay),
            P90: money(r.p90_pay),
            "ICP share of bookings": pct(r.icp_bookings_share),
            "of variable pay": pct(r.icp_pay_share),
            "without credit": pct(r.icp_pay_share_without),
          })),
        ),
      );
      console.log("");
      console.log(
        `cost of sales: ${pct(sim.cost_of_sales)} of expected bookings (${pct(sim.cost_of_sales_without)} without the ICP credit); variable pay earned on ICP accounts: ${pct(sim.icp_pay_share)} (${pct(sim.icp_pay_share_without)} without the credit)`,
      );
      if (req.json)
        writeFileSync(
          req.json,
          `${JSON.stringify({ period: period.label, plan, ...sim }, null, 2)}\n`,
        );
      return 0;
    } finally {
      store.close();
    }
  },
};
