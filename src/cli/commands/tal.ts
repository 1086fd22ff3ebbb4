import { z } from "zod";
import { TalRequest } from "../../core/requests/tal.js";
import { phaseCounter } from "../../core/run.js";
import { DEFAULT_TAL_OPTIONS, type TalOptions, type Tier } from "../../core/scoring/tal/index.js";
import { writeRowsCsv } from "../../io/analytics/csv.js";
import { DIMENSION_HELP } from "../../io/analytics/dimensions.js";
import { IcpRequestError } from "../../io/analytics/icp.js";
import { DEFAULT_STORE, openStore } from "../../io/store/open.js";
import { measureExecution } from "../../io/tal/execution.js";
import { buildTargetList, type TalResult } from "../../io/tal/list.js";
import { saveTargetList } from "../../io/tal/save.js";
import type { Command } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";
import { terminalRunContext } from "../progress.js";

const usage = `usage: paydirt tal [--db PATH] [--as-of YYYY-MM-DD] [--out tal.csv] [--save] [--top N]
                   [--dims industry,size_band,region] [--peers LIST] [--window MONTHS]
                   [--period MONTHS] [--intent-weight W] [--in-market-bonus B]
                   [--tiers A,B,C] [--seed N]

The unified target account list: every account ranked by one documented priority,
  value    = P(win) x expected deal size        (prospects; P(win) from the look-alike fit model)
           = P(expand) x whitespace             (customers; from their ICP segment)
  timing   = 1 + W x intent percentile + B x [in market]
  priority = value x timing
then tiered by rank (A: top 5%, B: next 15%, C: next 30%, D: the rest) and explained: the money,
the features that raised and lowered the fit, and the intent behind the timing.

The fit model is learnt from the closed-won versus closed-lost new-business deals of the window
before the as-of date (boosted trees or regularised logistic regression, chosen by
cross-validation; its cross-validated AUC is printed with a 95% interval). ICP execution: the list
is built again as of --period months earlier, and the pipeline created and revenue won since then
are split by the tier each account had then.

options:
  --db PATH              store (default ./${DEFAULT_STORE})
  --as-of DATE           build the list with what was known at the end of DATE (default: latest data)
  --out FILE             write every account's row as CSV
  --save                 keep the list in the store (table target_accounts, one list per as-of
                         date): territory plans can then use its priority as a measure
  --top N                accounts listed (default 15)
  --dims LIST            ICP segment dimensions (default industry,size_band,region):
                         ${DIMENSION_HELP}
  --peers LIST           peer segment of the surge test (default: the first two --dims)
  --window MONTHS        closed deals learnt from (default 24)
  --period MONTHS        ICP execution period (default 12; 0 to skip)
  --intent-weight W      default ${DEFAULT_TAL_OPTIONS.intentWeight}
  --in-market-bonus B    default ${DEFAULT_TAL_OPTIONS.inMarketBonus}
  --tiers A,B,C          shares of accounts in tiers A, B, C (default ${DEFAULT_TAL_OPTIONS.tierShares.join(",")})
  --seed N               seed of the model's cross-validation and sampling (default 1)`;

/** `paydirt tal` flags and the request they fill (src/core/requests/tal.ts). */
const FLAGS = {
  schema: withStore(TalRequest, DEFAULT_STORE).extend({ out: z.string().min(1).optional() }),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    out: { type: "string" },
    save: { type: "boolean" },
    top: { type: "number" },
    dims: { type: "list", key: "dimensions" },
    peers: { type: "list" },
    window: { type: "number", key: "windowMonths" },
    period: { type: "number", key: "periodMonths" },
    "intent-weight": { type: "number" },
    "in-market-bonus": { type: "number" },
    tiers: { type: "numbers", key: "tierShares" },
    seed: { type: "number" },
  } satisfies Record<string, Flag>,
};

/** The date `months` months before an ISO date (clamped to the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

function tierTable(r: TalResult): string {
  const tiers: Tier[] = ["A", "B", "C", "D"];
  return formatTable(
    tiers.map((t) => {
      const rows = r.rows.filter((x) => x.tier === t);
      const inputs = rows.map((x) => r.inputs.get(x.id));
      const prospects = inputs.filter((i) => i && !i.isCustomer);
      return {
        tier: t,
        accounts: num(rows.length),
        customers: num(rows.length - prospects.length),
        "mean fit": pct(
          prospects.reduce((s, i) => s + (i?.fit ?? 0), 0) / Math.max(1, prospects.length),
        ),
        "expected value": money(rows.reduce((s, x) => s + x.value, 0)),
        "in market": num(inputs.filter((i) => i?.inMarket).length),
      };
    }),
  );
}

function csvRows(r: TalResult) {
  return r.rows.map((row) => {
    const i = r.inputs.get(row.id);
    const a = r.analytics.get(row.id);
    return {
      rank: row.rank,
      account_id: row.id,
      tier: row.tier,
      priority: Math.round(row.priority),
      value: Math.round(row.value),
      timing: Number(row.timing.toFixed(3)),
      motion: row.motion,
      fit: i ? Number(i.fit.toFixed(4)) : null,
      deal_size: i ? Math.round(i.dealSize) : null,
      p_expand: i ? Number(i.expandProbability.toFixed(4)) : null,
      whitespace: i ? Math.round(i.whitespace) : null,
      current_arr: a?.currentArr ?? null,
      segment: a?.segment ?? null,
      engagement: i ? Number(i.intent.toFixed(3)) : null,
      intent_percentile: Number(row.intentPercentile.toFixed(4)),
      in_market: i?.inMarket ?? false,
      in_market_since: i?.inMarketSince ?? null,
      explanation: row.explanation,
    };
  });
}

export const command: Command = {
  name: "tal",
  summary: "the unified target account list: fit x potential x intent, ranked, tiered, explained",
  usage,
  async run(argv) {
    const values = parseRequest(argv, FLAGS);
    const { asOf, top } = values;
    const period = values.periodMonths;
    const options: Partial<TalOptions> = {
      ...(values.intentWeight !== undefined ? { intentWeight: values.intentWeight } : {}),
      ...(values.inMarketBonus !== undefined ? { inMarketBonus: values.inMarketBonus } : {}),
      ...(values.tierShares ? { tierShares: values.tierShares as [number, number, number] } : {}),
    };
    // Long phases (model training) report through one run context, drawn as bars.
    const run = terminalRunContext();
    const request = {
      dimensions: values.dimensions,
      ...(values.peers ? { peers: values.peers } : {}),
      windowMonths: values.windowMonths,
      seed: values.seed,
      options,
      progress: (label: string, total: number) => phaseCounter(run, label, total),
    };
    const store = await openStore(values.db, values.save ? "write" : "read");
    try {
      const started = performance.now();
      const r = await buildTargetList(store.db, {
        ...request,
        ...(asOf ? { asOf } : {}),
      });
      console.log(
        `target account list as of ${r.asOf}: ${num(r.rows.length)} accounts, built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      if (r.fit) {
        const model = r.fit.model;
        const auc = r.fit.evaluation.results.find((x) => x.candidate === model.candidate)?.metrics;
        console.log(
          `fit model: ${model.candidate}, learnt from ${num(r.fit.deals)} closed new-business deals (win rate ${pct(model.prior)})` +
            (auc
              ? `; cross-validated AUC ${auc.auc.toFixed(3)} [${auc.aucLo.toFixed(3)}, ${auc.aucHi.toFixed(3)}]${auc.aucLo <= 0.5 ? ": no better than chance, so fit barely orders accounts" : ""}`
              : ""),
        );
      }
      for (const n of r.notes) console.log(`note: ${n}`);
      for (const n of r.icp.table.notes) console.log(`note: ${n}`);
      console.log(`\n${tierTable(r)}\n`);
      if (top > 0) {
        const shown = r.rows.slice(0, top);
        const w = Math.max(7, ...shown.map((x) => x.id.length));
        console.log(
          `${"rank".padStart(5)}  ${"account".padEnd(w)}  tier  ${"priority".padStart(9)}  why`,
        );
        for (const x of shown)
          console.log(
            `${String(x.rank).padStart(5)}  ${x.id.padEnd(w)}  ${x.tier.padEnd(4)}  ${money(x.priority).padStart(9)}  ${x.explanation}`,
          );
      }
      if (values.out) {
        const n = writeRowsCsv(values.out, csvRows(r));
        console.log(`\nwrote ${num(n)} rows to ${values.out}`);
      }
      if (values.save) {
        const n = await saveTargetList(store.db, r);
        console.log(`\nsaved ${num(n)} rows as of ${r.asOf} in the store's target_accounts table`);
      }
      if (period > 0) {
        const from = monthsBefore(r.asOf, period);
        try {
          const before = await buildTargetList(store.db, { ...request, asOf: from });
          const tierOf = new Map(before.rows.map((x) => [x.id, x.tier] as const));
          const rows = await measureExecution(store.db, from, r.asOf, tierOf);
          console.log(
            `\nICP execution ${from} .. ${r.asOf}: new pipeline and won revenue by the tier each account had on ${from}`,
          );
          console.log(
            formatTable(
              rows.map((x) => ({
                tier: x.tier,
                "share of accounts": pct(x.accountShare),
                pipeline: money(x.pipeline),
                "share of pipeline": pct(x.pipelineShare),
                won: money(x.won),
                "share of won": pct(x.wonShare),
                "lift (won share / account share)": Number.isFinite(x.lift)
                  ? x.lift.toFixed(2)
                  : "-",
              })),
            ),
          );
        } catch (err) {
          if (!(err instanceof IcpRequestError)) throw err;
          console.log(
            `\nICP execution skipped: no list could be built as of ${from} (${err.message})`,
          );
        }
      }
    } finally {
      run.done();
      store.close();
    }
    return 0;
  },
};
