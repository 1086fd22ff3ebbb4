import { closeQuantile, winBy } from "../../core/forecast/model.js";
import { isoDay, quarterOf } from "../../core/forecast/types.js";
import { formatIssue } from "../../core/issues.js";
import { DealsRequest } from "../../core/requests/forecast.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import type { Command } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt deals [--db PATH] [--as-of YYYY-MM-DD] [--rep REP] [--limit N]

Open deals as of a date, largest expected value first: stage, amount (as recorded, and what the
deal is expected to close at if won: the recorded amount times the won-to-recorded ratio of deals
won from its stage), the rep's category,
momentum (0 = on the lost deals' median usage at the same age, 1 = on the won deals'; heading =
change over two weeks), P(win), P(win this quarter), and the close date if won (P10/P50/P90).`;

const FLAGS = {
  schema: withStore(DealsRequest, DEFAULT_STORE),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    rep: { type: "string" },
    limit: { type: "number" },
  } satisfies Record<string, Flag>,
};

export const command: Command = {
  name: "deals",
  summary: "open deals with momentum, P(win) and expected close date",
  usage,
  async run(argv) {
    const v = parseRequest(argv, FLAGS);
    const store = await Store.open(v.db, "read");
    try {
      const { asOf, result } = await forecastFromStore(store.db, v.asOf, { draws: 100 });
      const q = quarterOf(asOf);
      for (const i of result.issues) console.log(formatIssue(i));
      const rows = result.scores
        .map((s, i) => ({ s, amount: result.amounts[i] as number }))
        .filter((x) => v.rep === undefined || x.s.deal.owner === v.rep)
        .sort((a, b) => b.s.pWin * b.amount - a.s.pWin * a.amount);
      if (v.rep !== undefined && rows.length === 0)
        console.log(`no open deals of ${v.rep} on ${isoDay(asOf)}`);
      const date = (d: number | undefined) => (d === undefined ? "later" : isoDay(d));
      console.log(
        `${num(rows.length)} open deals on ${isoDay(asOf)}${v.rep ? ` owned by ${v.rep}` : ""}; expected value ${money(rows.reduce((a, x) => a + x.s.pWin * x.amount, 0))}`,
      );
      console.log(
        formatTable(
          rows.slice(0, v.limit).map(({ s, amount }) => ({
            deal: s.deal.id,
            account: s.deal.account ?? "",
            rep: s.deal.owner ?? "",
            stage: s.state.stage ?? "?",
            amount: money(s.state.amount ?? amount),
            "if won": money(amount),
            category: s.state.category ?? "",
            momentum: s.input.momentum.hasUsage ? num(s.input.momentum.level, 2) : "",
            heading: s.input.momentum.hasUsage ? num(s.input.momentum.heading, 2) : "",
            "P(win)": pct(s.pWin, 0),
            [`P(win ${q.label})`]: pct(winBy(s, asOf, q.end), 0),
            "close P10": date(closeQuantile(s, asOf, 0.1)),
            "close P50": date(closeQuantile(s, asOf, 0.5)),
            "close P90": date(closeQuantile(s, asOf, 0.9)),
          })),
        ),
      );
    } finally {
      store.close();
    }
    return 0;
  },
};
