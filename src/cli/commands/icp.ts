import { z } from "zod";
import { accountCsvRow } from "../../core/analytics/accounts.js";
import { icpRows } from "../../core/analytics/flatten.js";
import type { IcpSegment, IcpTable } from "../../core/analytics/icp.js";
import { DEFAULT_ICP_OPTIONS } from "../../core/analytics/options.js";
import { summariseTiers } from "../../core/analytics/tier-summary.js";
import { IcpRequest } from "../../core/requests/icp.js";
import { computeAccountAnalytics } from "../../io/analytics/accounts.js";
import { writeRowsCsv } from "../../io/analytics/csv.js";
import { DIMENSION_HELP } from "../../io/analytics/dimensions.js";
import { computeIcp } from "../../io/analytics/icp.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt icp [--db PATH] [--as-of YYYY-MM-DD] [--dims industry,size_band,region]
                   [--window MONTHS] [--margin M] [--max-lifetime YEARS] [--churn-if-unknown C]
                   [--confidence P] [--potential-quantile Q] [--nested]
                   [--level N] [--top N] [--out icp.csv]
                   [--accounts-out accounts.csv [--peers LIST] [--half-life DAYS]
                    [--learn-weights DAYS]]

Ideal customer profile segments as of a date: per segment the win rate of new business, average
contract value, sales cycle, ARR per customer, logo/net/gross revenue retention over 12 months,
expansion rate and customer lifetime value (ARR x margin / churn, capped), every figure shrunk
toward its parent segment by empirical Bayes and given with a 90% interval. Segments nest in the
order of --dims (all > first > first x second ...). Tier A/D: value per opportunity (win rate x
CLV) credibly above/below the average account (posterior probability >= 0.9 / <= 0.1); B/C lean.

options:
  --db PATH              store (default ./${DEFAULT_STORE})
  --as-of DATE           fit with what was known at the end of DATE (default: latest data)
  --dims LIST            segment dimensions, comma separated, outermost first:
                         ${DIMENSION_HELP}
  --window MONTHS        closed deals counted (default 24)
  --margin M             gross margin in CLV (default ${DEFAULT_ICP_OPTIONS.margin})
  --max-lifetime YEARS   cap on customer lifetime (default ${DEFAULT_ICP_OPTIONS.maxLifetimeYears})
  --churn-if-unknown C   annual churn assumed without revenue history (default ${DEFAULT_ICP_OPTIONS.churnWhenUnknown})
  --confidence P         posterior probability needed for tier A or D (default ${DEFAULT_ICP_OPTIONS.tierConfidence})
  --potential-quantile Q quantile of customers' ARR in their segment taken as potential (default ${DEFAULT_ICP_OPTIONS.potentialQuantile})
  --nested               shrink each segment toward its parent only (default: dimensions are
                         crossed, a segment's prior also carries its own dimension's effect
                         measured across all segments)
  --level N              which level to list (default: the deepest)
  --top N                segments listed (default 25)
  --out FILE             write every segment of every level as CSV
  --accounts-out FILE    write one row per account: segment, tier, current and potential ARR,
                         whitespace, expected deal value, engagement (time-decayed, weighted
                         signals), reach (people, personas, leads, opportunities opened in 90
                         days) and surge (in market when its recent signals stand out from its
                         own baseline and its peers', with the start date)
  --peers LIST           peer segment of the surge test (default: the first two --dims)
  --half-life DAYS       engagement half-life (default 30)
  --learn-weights DAYS   learn signal-kind weights from which signals preceded the opportunities
                         opened in the DAYS before the as-of date (default: fixed weights)`;

/** `paydirt icp` flags and the request they fill (src/core/requests/icp.ts). */
const FLAGS = {
  schema: withStore(IcpRequest, DEFAULT_STORE).extend({
    out: z.string().min(1).optional(),
    accountsOut: z.string().min(1).optional(),
  }),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    dims: { type: "list", key: "dimensions" },
    window: { type: "number", key: "windowMonths" },
    margin: { type: "number" },
    "max-lifetime": { type: "number", key: "maxLifetimeYears" },
    "churn-if-unknown": { type: "number", key: "churnWhenUnknown" },
    confidence: { type: "number", key: "tierConfidence" },
    nested: { type: "boolean" },
    "potential-quantile": { type: "number" },
    level: { type: "number" },
    top: { type: "number" },
    out: { type: "string" },
    "accounts-out": { type: "string" },
    peers: { type: "list" },
    "half-life": { type: "number", key: "halfLifeDays" },
    "learn-weights": { type: "number", key: "learnWeightsDays" },
  } satisfies Record<string, Flag>,
};

const range = (lo: number | undefined, hi: number | undefined, f: (x: number) => string) =>
  lo === undefined || hi === undefined ? "" : `${f(lo)}-${f(hi)}`;

function segmentTable(rows: readonly IcpSegment[]): string {
  return formatTable(
    rows.map((s) => ({
      segment: s.key,
      tier: s.tier ?? "-",
      "P(>avg)": pct(s.pAboveAverage, 0),
      accounts: num(s.accounts),
      "won/lost": `${num(s.won)}/${num(s.lost)}`,
      "win rate": pct(s.winRate.mean),
      "90% interval": range(s.winRate.lo, s.winRate.hi, (x) => pct(x, 0)),
      ACV: money(s.acv?.mean),
      "cycle d": num(s.cycleDays?.mean),
      NRR: pct(s.nrr?.mean, 0),
      "logo ret.": pct(s.logoRetention?.mean, 0),
      CLV: money(s.clv?.mean),
      "value/opp": money(s.value?.mean),
      "value 90%": range(s.value?.lo, s.value?.hi, money),
    })),
  );
}

/** The readable report printed by `paydirt icp`. */
export function renderIcp(
  t: IcpTable,
  asOf: string,
  windowMonths: number,
  level: number,
  top: number,
): string {
  const out: string[] = [];
  const dims = t.dimensions.length ? t.dimensions.join(" > ") : "(no dimensions)";
  out.push(
    `ICP segments as of ${asOf}: ${dims}; new-business deals closed in the ${windowMonths} months before`,
  );
  for (const n of t.notes) out.push(`note: ${n}`);
  const d = t.designEffects;
  out.push(
    `deals of one account are alike: evidence divided by ${num(d.winRate, 1)} (win rate), ${num(d.acv, 1)} (deal size), ${num(d.cycle, 1)} (cycle); 1 = independent`,
  );
  out.push("");
  out.push(
    "How much each level separates segments (win-rate prior strength: small = real differences, 100000 = chance alone):",
  );
  out.push(
    formatTable(
      t.levels.map((l) => ({
        level: String(l.level),
        dimension: l.dimension ?? "all",
        segments: num(l.segments),
        "win-rate prior (deals)":
          l.winRateConcentration === null ? "" : num(l.winRateConcentration),
        "ACV spread (log sd)": l.acvLogSd === null ? "" : num(l.acvLogSd, 2),
      })),
    ),
  );
  const listed = t.segments.filter((s) => s.level === level);
  const tiers = summariseTiers(listed, t.options.level);
  if (tiers.length > 0) {
    out.push("");
    out.push(
      `Tiers at level ${level} (segments pooled, unshrunk: do the tiers differ in what they observed?):`,
    );
    out.push(
      formatTable(
        tiers.map((x) => ({
          tier: x.tier,
          segments: num(x.segments),
          accounts: num(x.accounts),
          customers: num(x.customers),
          ARR: money(x.arr),
          "won/lost": `${num(x.won)}/${num(x.lost)}`,
          "win rate": pct(x.winRate.observed),
          "90% interval": range(x.winRate.lo, x.winRate.hi, (v) => pct(v, 1)),
          "deal size (geo. mean)": money(x.geoMeanDeal),
        })),
      ),
    );
  }
  const ranked = [...listed].sort((a, b) => a.rank - b.rank);
  out.push("");
  out.push(
    `Segments at level ${level}, best first (${Math.min(top, ranked.length)} of ${ranked.length}):`,
  );
  out.push(segmentTable(ranked.slice(0, top)));
  const root = t.segments.find((s) => s.level === 0);
  if (root && level > 0) {
    out.push("");
    out.push("All accounts:");
    out.push(segmentTable([root]));
  }
  return out.join("\n");
}

export const command: Command = {
  name: "icp",
  summary: "ideal customer profile: segment metrics (win rate, ACV, NRR, CLV) shrunk, with tiers",
  usage,
  async run(argv) {
    const values = parseRequest(argv, FLAGS);
    const { asOf, dimensions, windowMonths } = values;
    const options = {
      ...(values.margin !== undefined && { margin: values.margin }),
      ...(values.maxLifetimeYears !== undefined && { maxLifetimeYears: values.maxLifetimeYears }),
      ...(values.nested && { crossedDimensions: false }),
      ...(values.tierConfidence !== undefined && { tierConfidence: values.tierConfidence }),
      ...(values.potentialQuantile !== undefined && {
        potentialQuantile: values.potentialQuantile,
      }),
      ...(values.churnWhenUnknown !== undefined && { churnWhenUnknown: values.churnWhenUnknown }),
    };
    const level = values.level ?? dimensions.length;
    if (level > dimensions.length)
      throw new UsageError(
        `--level must be from 0 to ${dimensions.length}, got "${level}"`,
        "invalid_option",
        {
          ids: { option: "level" },
        },
      );
    const top = values.top;
    const store = await openStoreForReading(values.db);
    try {
      const r = await computeIcp(store.db, {
        dimensions,
        windowMonths,
        options,
        ...(asOf !== undefined && { asOf }),
      });
      console.log(renderIcp(r.table, r.asOf, windowMonths, level, top));
      if (values.out) {
        const n = writeRowsCsv(values.out, icpRows(r.table));
        console.log(`\nwrote ${num(n)} segments to ${values.out}`);
      }
      const accountsOut = values.accountsOut;
      if (accountsOut) {
        const peers = values.peers ?? dimensions.slice(0, 2);
        const halfLife = values.halfLifeDays;
        const learn = values.learnWeightsDays;
        const { rows, learnt } = await computeAccountAnalytics(store.db, r, {
          peers,
          options: halfLife === undefined ? {} : { halfLifeDays: halfLife },
          ...(learn !== undefined && { learnHorizonDays: learn }),
        });
        if (learnt && learnt.kinds.length === 0) {
          console.log(`\nno signals before ${r.asOf}: signal weights were not learnt`);
        } else if (learnt) {
          console.log(
            `\nSignal weights learnt from ${num(learnt.positives)} of ${num(learnt.accounts)} accounts opening an opportunity in the ${num(learn)} days before ${r.asOf} (log-odds per decayed event; 0 = no help):`,
          );
          console.log(
            formatTable(learnt.kinds.map((k) => ({ kind: k.kind, weight: num(k.weight, 3) }))),
          );
        }
        writeRowsCsv(
          accountsOut,
          (function* () {
            for (const x of rows) yield accountCsvRow(x);
          })(),
        );
        const hot = rows.filter((x) => x.inMarket).length;
        console.log(
          `wrote ${num(rows.length)} accounts to ${accountsOut}; ${num(hot)} in market (${pct(rows.length ? hot / rows.length : null)}) on ${r.asOf}`,
        );
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
