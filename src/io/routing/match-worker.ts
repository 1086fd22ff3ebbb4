/**
 * A matching worker thread (see match-pool.ts): builds its own index over the accounts it is
 * sent, then matches each chunk of leads it receives and sends the results back.
 */
import { parentPort } from "node:worker_threads";
import { MatchIndex } from "../../core/routing/match/account-index.js";
import { Matcher } from "../../core/routing/match/matcher.js";
import type { MatchAccount, MatchLead, MatchOptions } from "../../core/routing/match/types.js";

let matcher: Matcher | null = null;
parentPort?.on(
  "message",
  (
    m:
      | { kind: "accounts"; accounts: MatchAccount[] }
      | { kind: "leads"; id: number; leads: MatchLead[]; options: MatchOptions },
  ) => {
    if (m.kind === "accounts") {
      matcher = new Matcher(new MatchIndex(m.accounts));
      parentPort?.postMessage({ kind: "ready" });
      return;
    }
    const mine = matcher as Matcher;
    parentPort?.postMessage({
      kind: "results",
      id: m.id,
      results: m.leads.map((l) => mine.match(l, m.options)),
    });
  },
);
