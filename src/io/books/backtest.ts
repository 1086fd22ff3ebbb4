import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type BacktestResult, backtestBooks, type Episode } from "../../core/books/backtest.js";
import type { BookConfig } from "../../core/books/config.js";
import { dayOf } from "../../core/books/days.js";
import type { BookPolicy } from "../../core/books/policy.js";
import { PaydirtError } from "../../core/errors.js";
import type { RunContext } from "../../core/run.js";
import { latestDataDate } from "../analytics/facts.js";
import type { Db } from "../store/db.js";
import { loadBookHistory } from "./history.js";

/** What `books backtest` replays. */
export interface BacktestRequest {
  readonly from: string;
  readonly to: string;
  readonly cadenceDays: number;
  readonly config: BookConfig;
  readonly policies: readonly BookPolicy[];
  readonly plan?: string;
  readonly peers: readonly string[];
  /** A synthetic market folder whose truth_episodes.csv holds the buying episodes. */
  readonly truthDir?: string;
  readonly log?: (line: string) => void;
}

/** The buying episodes of a synthetic market (truth_episodes.csv), or undefined when absent. */
export function readEpisodes(dir: string): Episode[] | undefined {
  const file = join(dir, "truth_episodes.csv");
  if (!existsSync(file)) return undefined;
  const [head, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const cols = (head ?? "").split(",");
  const a = cols.indexOf("account_id");
  const s = cols.indexOf("start_date");
  const e = cols.indexOf("end_date");
  return lines.map((l) => {
    const c = l.split(",");
    return { accountId: c[a] ?? "", start: dayOf(c[s] ?? ""), end: dayOf(c[e] ?? "") };
  });
}

/**
 * Replay [from, to] on the cadence for each policy: values from the target list as of `from`,
 * every other fact as known at each refresh; outcomes (which opportunities arose, which were won)
 * read from everything the store knows.
 */
export async function runBacktest(
  db: Db,
  req: BacktestRequest,
  ctx: RunContext = {},
): Promise<{
  result: BacktestResult;
  notes: string[];
  valueSource: string;
  intentAvailable: boolean;
}> {
  if (dayOf(req.to) < dayOf(req.from))
    throw PaydirtError.of(
      "usage",
      "books_window_invalid",
      `--to ${req.to} is before --from ${req.from}`,
      {
        ids: { option: "to" },
      },
    );
  const latest = (await latestDataDate(db)) ?? req.to;
  const upTo = dayOf(latest) > dayOf(req.to) ? latest : req.to;
  const loaded = await loadBookHistory(db, {
    upTo,
    valuesAsOf: req.from,
    ...(req.plan !== undefined ? { plan: req.plan } : {}),
    peers: req.peers,
    config: req.config,
    ...(req.log ? { log: req.log } : {}),
  });
  const episodes = req.truthDir ? readEpisodes(req.truthDir) : undefined;
  const notes = [...loaded.notes];
  if (req.truthDir && !episodes)
    notes.push(`no truth_episodes.csv in ${req.truthDir}: no ground truth`);
  const result = backtestBooks(
    loaded.history,
    {
      from: dayOf(req.from),
      to: dayOf(req.to),
      cadenceDays: req.cadenceDays,
      policies: req.policies,
      config: req.config,
      ...(episodes ? { episodes } : {}),
    },
    ctx,
  );
  return {
    result,
    notes,
    valueSource: loaded.valueSource,
    intentAvailable: loaded.history.signals.day.length > 0,
  };
}
