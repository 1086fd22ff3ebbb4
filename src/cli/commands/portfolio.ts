import { portfolio } from "../../core/forecast/portfolio.js";
import { isoDay } from "../../core/forecast/types.js";
import { PortfolioRequest } from "../../core/requests/forecast.js";
import { loadHoldings } from "../../io/forecast/holdings.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt portfolio REP [--db PATH] [--as-of YYYY-MM-DD] [--limit N]

The rep's accounts as holdings: ARR now, potential (80th percentile ARR of paying customers of the
same industry) and whitespace, growth over a year, open options (deals) with the best P(win),
expected value and momentum, and where the rep's time would return most: expected value still to
realise (open deals' P(win) x amount, or, with no open deal, the saved target list's value).`;

const FLAGS = {
  schema: withStore(PortfolioRequest, DEFAULT_STORE),
  flags: { ...STORE_FLAG, "as-of": { type: "string" }, limit: { type: "number" } } satisfies Record<
    string,
    Flag
  >,
  positionals: ["rep"],
};

export const command: Command = {
  name: "portfolio",
  summary:
    "a rep's accounts as a portfolio: spend, potential, growth, momentum, open options, return",
  usage,
  async run(argv) {
    const v = parseRequest(argv, FLAGS);
    const store = await Store.open(v.db, "read");
    try {
      const { asOf, result } = await forecastFromStore(store.db, v.asOf, { draws: 100 });
      const holdings = await loadHoldings(store.db, v.rep, asOf);
      if (holdings.length === 0)
        throw new UsageError(`rep '${v.rep}' owns no account`, "invalid_option", {
          ids: { rep_id: v.rep },
        });
      const mine = result.scores
        .map((s, i) => ({ s, a: result.amounts[i] as number }))
        .filter((x) => x.s.deal.owner === v.rep);
      const rows = portfolio(
        holdings,
        mine.map((x) => x.s),
        mine.map((x) => x.a),
      );
      const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
      console.log(
        `Portfolio of ${v.rep} as of ${isoDay(asOf)}: ${num(rows.length)} accounts, ARR ${money(sum((r) => r.arr))}, potential whitespace ${money(sum((r) => r.whitespace))}, ${num(sum((r) => r.openDeals))} open deals worth ${money(sum((r) => r.openValue))} (expected ${money(sum((r) => r.expectedValue))})`,
      );
      console.log(
        formatTable(
          rows.slice(0, v.limit).map((r) => ({
            account: r.account,
            name: r.name ?? "",
            industry: r.segment ?? "",
            ARR: money(r.arr),
            potential: money(r.potential),
            growth: r.growth === null ? "" : pct(r.growth, 0),
            "open deals": r.openDeals ? num(r.openDeals) : "",
            "P(win)": r.pWin === null ? "" : pct(r.pWin, 0),
            "expected value": r.openDeals ? money(r.expectedValue) : "",
            momentum: r.momentum === null ? "" : num(r.momentum, 2),
            "target value": r.targetValue ? money(r.targetValue) : "",
            return: money(r.returnValue),
          })),
        ),
      );
    } finally {
      store.close();
    }
    return 0;
  },
};
