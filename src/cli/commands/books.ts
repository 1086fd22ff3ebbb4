import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import type { BacktestResult } from "../../core/books/backtest.js";
import { type BookConfig, DEFAULT_BOOK_CONFIG, parseBookConfig } from "../../core/books/config.js";
import { isoOf } from "../../core/books/days.js";
import { type BookPolicy, POLICIES, policyByName } from "../../core/books/policy.js";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { formatIssue } from "../../core/issues.js";
import {
  BooksBacktestRequest,
  BooksChangesRequest,
  BooksExportRequest,
  BooksRefreshRequest,
  BooksShowRequest,
  cadenceDays,
} from "../../core/requests/books.js";
import { runBacktest } from "../../io/books/backtest.js";
import { bookChanges, exportBooksCsv, repBook, requireRefresh } from "../../io/books/read.js";
import { refreshStoredBooks } from "../../io/books/refresh.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { Store } from "../../io/store/store.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage:
  paydirt books refresh [--as-of DATE] [--config FILE] [--plan NAME] [--policy dynamic] [--db PATH]
  paydirt books show REP [--as-of DATE] [--db PATH]
  paydirt books changes [--since DATE] [--db PATH]
  paydirt books export --csv FILE [--as-of DATE] [--db PATH]
  paydirt books backtest --from DATE --to DATE [--cadence weekly] [--json FILE] [--config FILE]
                         [--truth MARKET_DIR] [--plan NAME] [--db PATH]

Dynamic books: each AE works a core tier (about a third of capacity, chosen from the patch by
value, open opportunities, customers and relationship; kept until the plan changes or a listed
exit reason applies) and a rotating tier fed by accounts that qualify (meeting or opportunity),
after marketing warmed them up and BDRs worked them while in market. Every move is stored with its
date, reason and data; books as of any refreshed date can be shown again.

  refresh    compute and store the books as of DATE (default: the latest data) from the refresh
             before it; patches from --plan (default: the latest plan, else the accounts' owners)
  show       a rep's core, rotating tier and BDR queue, with why each account is there
  changes    what rotated in and out, and why (default: at the latest refresh)
  export     account_id,owner_id,tier,stage,reason,since for a CRM update
  backtest   replay [--from, --to] on the cadence (weekly, biweekly, monthly or a number of days)
             for the static annual book, dynamic books and in-market only at equal capacity;
             --truth names a synthetic market folder to score against its buying episodes

Config (JSON, every key optional): coreShare, coreSize, bookSize, capacities {REP: n},
cadenceDays, staleDays, holdoverDays, coolDownDays, maxRotationsPerRefresh, bdrCapacity,
inMarketThreshold, inMarketHoldDays, qualifyDays, fairnessTolerance, warmingShare, coreTermDays,
relationshipDays, coreBonus {openOpportunity, customer, relationship}, handOffWon,
roles {ae: [...], bdr: [...]}. See the README.`;

const CONFIG_FLAG = { config: { type: "string" } } satisfies Record<string, Flag>;
const AS_OF_FLAG = { "as-of": { type: "string" } } satisfies Record<string, Flag>;
const PEERS_FLAG = { peers: { type: "list" } } satisfies Record<string, Flag>;
const file = z.string().min(1);

/** Flags of each `paydirt books` subcommand and the request they fill (src/core/requests/books.ts). */
const FLAGS = {
  refresh: {
    schema: withStore(BooksRefreshRequest, DEFAULT_STORE).extend({ config: file.optional() }),
    flags: {
      ...STORE_FLAG,
      ...AS_OF_FLAG,
      ...CONFIG_FLAG,
      ...PEERS_FLAG,
      plan: { type: "string" },
      policy: { type: "string" },
    } satisfies Record<string, Flag>,
  },
  show: {
    schema: withStore(BooksShowRequest, DEFAULT_STORE),
    flags: { ...STORE_FLAG, ...AS_OF_FLAG } satisfies Record<string, Flag>,
    positionals: ["rep"],
  },
  changes: {
    schema: withStore(BooksChangesRequest, DEFAULT_STORE),
    flags: { ...STORE_FLAG, since: { type: "string" } } satisfies Record<string, Flag>,
  },
  export: {
    schema: withStore(BooksExportRequest, DEFAULT_STORE).extend({ csv: file }),
    flags: { ...STORE_FLAG, ...AS_OF_FLAG, csv: { type: "string" } } satisfies Record<string, Flag>,
  },
  backtest: {
    schema: withStore(BooksBacktestRequest, DEFAULT_STORE).extend({
      config: file.optional(),
      json: file.optional(),
      truth: file.optional(),
    }),
    flags: {
      ...STORE_FLAG,
      ...CONFIG_FLAG,
      ...PEERS_FLAG,
      from: { type: "string" },
      to: { type: "string" },
      cadence: { type: "string" },
      plan: { type: "string" },
      json: { type: "string" },
      truth: { type: "string" },
    } satisfies Record<string, Flag>,
  },
};

function readConfig(file: string | undefined): BookConfig {
  if (file === undefined) return DEFAULT_BOOK_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
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
  return unwrap(parseBookConfig(raw, file), "invalid");
}

/** The backtest as a table: one column per policy. */
export function backtestTable(r: BacktestResult): string {
  const rows: [string, (p: BacktestResult["policies"][number]) => string][] = [
    ["new opportunities in worked accounts", (p) => pct(p.worked_share_opportunities)],
    ["new pipeline in worked accounts", (p) => pct(p.worked_share_pipeline)],
    ["left on the floor", (p) => pct(p.left_on_floor_share)],
    ["  of which in an AE book", (p) => pct(p.book_share_opportunities)],
    ["won revenue in worked accounts", (p) => money(p.won_revenue_worked)],
    ["rotations per AE per month", (p) => num(p.rotations_per_ae_month, 1)],
    ["rotating tier changing per month", (p) => pct(p.rotating_churn_month)],
    ["core kept between refreshes", (p) => pct(p.core_stability)],
    ["fairness: CV of value into rotating tiers", (p) => num(p.fairness_cv, 2)],
    [
      "buying episodes worked (ground truth)",
      (p) => (p.episodes_worked_share === null ? "-" : pct(p.episodes_worked_share)),
    ],
    ["accounts worked (books + BDR queues)", (p) => num(p.worked_accounts)],
  ];
  return formatTable(
    rows.map(([label, f]) => ({
      measure: label,
      ...Object.fromEntries(r.policies.map((p) => [p.name, f(p)])),
    })),
  );
}

export const command: Command = {
  name: "books",
  summary: "dynamic books: core + rotating tiers, the BDR lane, account lifecycle, and a backtest",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "refresh") {
      const values = parseRequest(rest, FLAGS.refresh);
      const { asOf, peers } = values;
      const config = readConfig(values.config);
      // The request schema admits only the names of POLICIES.
      const policy = policyByName(values.policy) as BookPolicy;
      const store = await Store.open(values.db, "write");
      try {
        const o = await refreshStoredBooks(store.db, {
          ...(asOf ? { asOf } : {}),
          config,
          policy,
          ...(values.plan !== undefined ? { plan: values.plan } : {}),
          peers,
          log: (l) => console.log(l),
        });
        console.log(
          `books refreshed as of ${o.asOf} (${policy.name}${o.previous ? `, from the books of ${o.previous}` : ", first refresh"}); values from ${o.valueSource}`,
        );
        for (const n of o.notes) console.log(`note: ${n}`);
        for (const i of o.issues) console.log(formatIssue(i));
        const c = o.result.counts;
        console.log(
          `\n${formatTable(Object.entries(c).map(([stage, n]) => ({ stage, accounts: num(n) })))}`,
        );
        const aes = o.result.books.filter((b) => b.role === "ae");
        const moves = o.result.transitions;
        console.log(
          `\n${num(aes.length)} AEs: ${num(aes.reduce((s, b) => s + b.core.length, 0))} core and ${num(aes.reduce((s, b) => s + b.rotating.length, 0))} rotating accounts; ${num(o.result.books.filter((b) => b.role === "bdr").reduce((s, b) => s + b.queue.length, 0))} in BDR queues; ${num(moves.filter((t) => t.to === "rotating").length)} rotated in, ${num(moves.filter((t) => t.from === "rotating").length)} out; fairness (CV of value into rotating tiers this quarter) ${num(o.result.fairness, 2)}`,
        );
      } finally {
        store.close();
      }
      return 0;
    }
    if (sub === "show") {
      const values = parseRequest(rest, FLAGS.show);
      const { rep, asOf } = values;
      const store = await Store.open(values.db, "read");
      try {
        const refresh = await requireRefresh(store.db, asOf);
        const { role, lines } = await repBook(store.db, refresh, rep);
        console.log(`${rep} (${role ?? "no role"}): books as of ${refresh.as_of}`);
        for (const stage of ["core", "rotating", "bdr"]) {
          const part = lines.filter((l) => l.stage === stage);
          if (part.length === 0) continue;
          console.log(`\n${stage === "bdr" ? "BDR queue" : `${stage} tier`} (${part.length})`);
          console.log(
            formatTable(
              part.map((l) => ({
                account: l.account_id,
                name: l.name ?? "",
                value: money(l.value),
                since: l.since,
                why: l.reason.replace(/_/g, " "),
              })),
            ),
          );
        }
        if (lines.length === 0) console.log("no accounts in this rep's books or queue");
      } finally {
        store.close();
      }
      return 0;
    }
    if (sub === "changes") {
      const values = parseRequest(rest, FLAGS.changes);
      const { since } = values;
      const store = await Store.open(values.db, "read");
      try {
        const rows = await bookChanges(store.db, since);
        console.log(
          `${num(rows.length)} moves into or out of books and queues${since ? ` since ${since}` : " at the latest refresh"}`,
        );
        if (rows.length)
          console.log(
            formatTable(
              rows.slice(0, 200).map((r) => ({
                date: r.as_of,
                account: r.account_id,
                from: `${r.from_stage}${r.from_rep ? ` (${r.from_rep})` : ""}`,
                to: `${r.to_stage}${r.to_rep ? ` (${r.to_rep})` : ""}`,
                why: r.reason.replace(/_/g, " "),
              })),
            ),
          );
        if (rows.length > 200) console.log(`... and ${num(rows.length - 200)} more`);
      } finally {
        store.close();
      }
      return 0;
    }
    if (sub === "export") {
      const values = parseRequest(rest, FLAGS.export);
      const { asOf } = values;
      const store = await Store.open(values.db, "read");
      try {
        const refresh = await requireRefresh(store.db, asOf);
        const n = await exportBooksCsv(store.db, refresh, values.csv);
        console.log(
          `wrote ${num(n)} accounts of the books as of ${refresh.as_of} to ${values.csv}`,
        );
      } finally {
        store.close();
      }
      return 0;
    }
    if (sub === "backtest") {
      const values = parseRequest(rest, FLAGS.backtest);
      const { from, to, peers } = values;
      const config = readConfig(values.config);
      const cadence = cadenceDays(values.cadence, config.cadenceDays);
      const store = await Store.open(values.db, "read");
      try {
        const started = performance.now();
        const { result, notes, valueSource } = await runBacktest(store.db, {
          from,
          to,
          cadenceDays: cadence,
          config,
          policies: POLICIES,
          ...(values.plan !== undefined ? { plan: values.plan } : {}),
          peers,
          ...(values.truth ? { truthDir: values.truth } : {}),
          log: (l) => console.log(l),
        });
        console.log(
          `books backtest ${isoOf(result.from)} .. ${isoOf(result.to)}: ${result.refreshes} refreshes every ${cadence} days, ${num(result.policies[0]?.opportunities ?? 0)} new opportunities, policies at equal AE capacity (${(
            (performance.now() - started) / 1000
          ).toFixed(1)} s); values from ${valueSource}`,
        );
        for (const n of notes) console.log(`note: ${n}`);
        console.log(`\n${backtestTable(result)}`);
        if (values.json) {
          writeFileSync(
            values.json,
            `${JSON.stringify(
              {
                from: isoOf(result.from),
                to: isoOf(result.to),
                cadence_days: result.cadenceDays,
                refreshes: result.refreshes,
                policies: result.policies,
              },
              null,
              2,
            )}\n`,
          );
          console.log(`\nwrote ${values.json}`);
        }
      } finally {
        store.close();
      }
      return 0;
    }
    throw new UsageError(
      sub ? `unknown books subcommand "${sub}"` : "books needs a subcommand",
      sub ? "unknown_command" : "missing_argument",
    );
  },
};
