import { type CoverageRow, coverage } from "../../core/forecast/coverage.js";
import { isoDay } from "../../core/forecast/types.js";
import { formatIssue } from "../../core/issues.js";
import { CoverageRequest } from "../../core/requests/forecast.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { loadTargets } from "../../io/forecast/targets.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import type { Command } from "../command.js";
import { formatTable, money, num } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt coverage [--db PATH] [--as-of YYYY-MM-DD] [--multiple 4]
                        [--qualified-stage STAGE] [--suggestions N]

Pipeline coverage per rep and team for this quarter and the next: qualified pipeline (open deals
at or past the qualification stage whose expected close date falls in the quarter; overdue ones
count in this quarter) and expected-value pipeline (P(win in the quarter) x amount, from the
forecast's deal model) over the quota still to win. Reps below --multiple are flagged with the gap
(multiple x quota left - qualified pipeline) and the top accounts of the saved target account list
(paydirt tal --save) in their book with no open deal, with their expected value.`;

const FLAGS = {
  schema: withStore(CoverageRequest, DEFAULT_STORE),
  flags: {
    ...STORE_FLAG,
    "as-of": { type: "string" },
    multiple: { type: "number" },
    "qualified-stage": { type: "string" },
    suggestions: { type: "number" },
  } satisfies Record<string, Flag>,
};

/** The coverage table of some rows. */
export function coverageTable(rows: readonly CoverageRow[], multiple: number): string {
  return formatTable(
    rows.map((r) => ({
      [r.by]: r.key,
      period: r.period,
      quota: money(r.quota),
      "won to date": money(r.won_to_date),
      "quota left": money(r.remaining),
      qualified: money(r.qualified),
      "expected value": money(r.expected),
      coverage: r.coverage === null ? "" : `${num(r.coverage, 1)}x`,
      [`< ${num(multiple, 1)}x`]: r.flagged ? "FLAG" : "",
      gap: r.flagged ? money(r.gap) : "",
    })),
  );
}

export const command: Command = {
  name: "coverage",
  summary:
    "qualified and expected-value pipeline over quota left; reps under 4x flagged with accounts to close the gap",
  usage,
  async run(argv) {
    const v = parseRequest(argv, FLAGS);
    const store = await Store.open(v.db, "read");
    try {
      const { asOf, input, result } = await forecastFromStore(store.db, v.asOf, { draws: 1000 });
      const list = await loadTargets(store.db, asOf);
      const c = coverage(result, input, list?.targets ?? [], {
        multiple: v.multiple,
        suggestions: v.suggestions,
        ...(v.qualifiedStage !== undefined && { qualifiedStage: v.qualifiedStage }),
      });
      console.log(
        `Coverage as of ${isoDay(asOf)}: qualified = stage ${c.qualifiedStage ?? "(none: no stage history)"} or later; need ${num(v.multiple, 1)}x the quota left`,
      );
      for (const i of [...result.issues, ...c.issues]) console.log(formatIssue(i));
      if (!list)
        console.log(
          "no saved target account list by then: run paydirt tal --save for account suggestions",
        );
      console.log(
        coverageTable(
          c.rows.filter((r) => r.by === "team"),
          v.multiple,
        ),
      );
      console.log("");
      const reps = c.rows.filter((r) => r.by === "rep" && (r.quota !== null || r.qualified > 0));
      console.log(coverageTable(reps, v.multiple));
      const flagged = reps.filter((r) => r.flagged && r.period === result.periods[0].label);
      if (flagged.length > 0 && list) {
        console.log(
          `\nAccounts that could close the gap (target list of ${list.asOf}, in the rep's book, no open deal):`,
        );
        console.log(
          formatTable(
            flagged.flatMap((r) =>
              r.suggestions.map((s) => ({
                rep: r.key,
                gap: money(r.gap),
                account: s.account,
                "list rank": num(s.rank),
                "expected value": money(s.value),
              })),
            ),
          ),
        );
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
