import { writeFileSync } from "node:fs";
import { z } from "zod";
import { dealPathSvg } from "../../core/forecast/deal-svg.js";
import { closeQuantile, winBy } from "../../core/forecast/model.js";
import { momentumPath } from "../../core/forecast/momentum.js";
import { isoDay, quarterOf } from "../../core/forecast/types.js";
import { DealShowRequest } from "../../core/requests/forecast.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt deal show ID [--db PATH] [--as-of YYYY-MM-DD] [--svg FILE]

One open deal as of a date: its state, momentum, P(win), when it would close, the covariates that
move its weekly win and loss hazards most, and (--svg) its usage path drawn over the bands of won
and lost deals of its segment at the same ages.`;

const FLAGS = {
  schema: withStore(DealShowRequest, DEFAULT_STORE).extend({ svg: z.string().min(1).optional() }),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    svg: { type: "string" },
  } satisfies Record<string, Flag>,
  positionals: ["id"],
};

export const command: Command = {
  name: "deal",
  summary: "one deal: momentum, P(win), close date, and its path over the won/lost bands (--svg)",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== "show")
      throw new UsageError(`expected 'deal show ID', got '${sub ?? ""}'`, "unknown_command");
    const v = parseRequest(rest, FLAGS);
    const store = await Store.open(v.db, "read");
    try {
      const { asOf, result } = await forecastFromStore(store.db, v.asOf, { draws: 100 });
      const i = result.scores.findIndex((s) => s.deal.id === v.id);
      const s = result.scores[i];
      if (!s)
        throw new UsageError(`no open deal '${v.id}' on ${isoDay(asOf)}`, "invalid_option", {
          ids: { deal: v.id },
        });
      const q = quarterOf(asOf);
      const m = s.input.momentum;
      const date = (d: number | undefined) => (d === undefined ? "after a year" : isoDay(d));
      console.log(
        `${s.deal.id} (${s.deal.type ?? "?"}) of ${s.deal.account ?? "no account"}, owned by ${s.deal.owner ?? "nobody"}, as of ${isoDay(asOf)}`,
      );
      console.log(
        `stage ${s.state.stage ?? "?"} since ${isoDay(s.state.stageSince)}, amount ${money(result.amounts[i])}, category ${s.state.category ?? "-"}, expected close ${s.state.closeDate === null ? "-" : isoDay(s.state.closeDate)} (${num(s.state.pushes)} push(es))`,
      );
      console.log(
        m.hasUsage
          ? `momentum ${num(m.level, 2)} (0 = lost deals' median, 1 = won deals'), heading ${num(m.heading, 2)} over two weeks, usage at ${pct(m.peakShare, 0)} of its best week`
          : "no product usage while open",
      );
      console.log(
        `P(win) ${pct(s.pWin, 0)}; P(win in ${q.label}) ${pct(winBy(s, asOf, q.end), 0)}; close if won: P10 ${date(closeQuantile(s, asOf, 0.1))}, P50 ${date(closeQuantile(s, asOf, 0.5))}, P90 ${date(closeQuantile(s, asOf, 0.9))}`,
      );
      const x = new Float64Array(result.model.space.width);
      result.model.space.encode(s.input, asOf, x, 0);
      const contrib = result.model
        .coefficients()
        .map((c, j) => ({
          name: c.name,
          won: c.won * (x[j] as number),
          lost: c.lost * (x[j] as number),
        }))
        .filter((c) => c.name !== "intercept")
        .sort((a, b) => Math.abs(b.won - b.lost) - Math.abs(a.won - a.lost))
        .slice(0, 8);
      console.log("\nWhat moves this week's hazards most (log-odds against going on):");
      console.log(
        formatTable(
          contrib.map((c) => ({
            covariate: c.name,
            "won hazard": num(c.won, 2),
            "lost hazard": num(c.lost, 2),
          })),
        ),
      );
      if (v.svg) {
        const p = momentumPath(s.deal, asOf, result.model.usage, result.model.bands);
        writeFileSync(
          v.svg,
          dealPathSvg({
            title: `${s.deal.id}: usage by week since it opened, as of ${isoDay(asOf)}`,
            ...p,
          }),
        );
        console.log(`\nwrote ${v.svg}`);
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
