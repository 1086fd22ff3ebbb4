import { closeSync, openSync } from "node:fs";
import { availableParallelism } from "node:os";
import { formatIssue } from "../../core/issues.js";
import { MatchRequest } from "../../core/requests/match.js";
import { MatchIndex } from "../../core/routing/match/account-index.js";
import { DEFAULT_THRESHOLD, Matcher } from "../../core/routing/match/matcher.js";
import type { MatchAccount, MatchResult } from "../../core/routing/match/types.js";
import { CsvByteWriter } from "../../io/csv/byte-writer.js";
import { MatchPool } from "../../io/routing/match-pool.js";
import { readAccountsCsv, readAccountsFromStore, readLeadsCsv } from "../../io/routing/read.js";
import { openStoreForReading } from "../../io/store/open.js";
import type { Command } from "../command.js";
import { type Flag, parseRequest } from "../options.js";

const usage = `usage: paydirt match --leads LEADS.csv (--accounts ACCOUNTS.csv | --db STORE) --out MATCHES.csv [--threshold X] [--rollup] [--workers N]

Matches each lead (form fill, list row) to an account by e-mail and website domain (registrable
domain; free-mail and throw-away addresses carry no company signal), company name (legal forms,
accents, abbreviations, typos), then geography and size as tie-breakers. Writes
lead_id,account_id,confidence,evidence; account_id is empty when no account reaches the
threshold. confidence is calibrated: among matches at 0.9, about 90% are right.

  --threshold X   confidence needed for a match (default ${DEFAULT_THRESHOLD}); higher = fewer, surer matches
  --rollup        report a subsidiary's top-level parent account instead of the subsidiary
  --workers N     match on N threads, each with its own index (default 2 for 20,000 leads or
                  more on a machine with 2+ cores, else 1)

Lead columns are recognised by name: id/lead_id, email, company, website, country, state,
postal_code/zip, employees (Salesforce Lead names too). Accounts need id and name; domain,
state, postal_code, country, employees and parent_account_id are used when present.`;

/** `paydirt match` flags and the request they fill (src/core/requests/match.ts). */
const FLAGS = {
  schema: MatchRequest,
  flags: {
    leads: { type: "string" },
    accounts: { type: "string" },
    db: { type: "string" },
    out: { type: "string" },
    threshold: { type: "number" },
    rollup: { type: "boolean" },
    workers: { type: "number" },
  } satisfies Record<string, Flag>,
};

export const command: Command = {
  name: "match",
  summary: "match leads to accounts (domains, fuzzy names) with calibrated confidence",
  usage,
  async run(argv) {
    const values = parseRequest(argv, FLAGS);
    const threshold = values.threshold;
    const started = performance.now();
    const { leads, warnings } = readLeadsCsv(values.leads);
    let accounts: MatchAccount[];
    if (values.accounts) {
      const read = readAccountsCsv(values.accounts);
      accounts = read.accounts;
      warnings.push(...read.warnings);
    } else {
      const store = await openStoreForReading(values.db as string);
      try {
        accounts = await readAccountsFromStore(store);
      } finally {
        store.close();
      }
    }
    for (const w of warnings.slice(0, 20)) console.error(formatIssue(w));
    if (warnings.length > 20) console.error(`(${warnings.length - 20} more warnings)`);
    const workers =
      values.workers ?? (leads.length >= 20_000 ? Math.min(2, availableParallelism()) : 1);
    let results: MatchResult[];
    const options = { threshold, rollup: values.rollup };
    if (workers > 1) {
      const pool = await MatchPool.start(accounts, workers);
      try {
        results = await pool.match(leads, options);
      } finally {
        await pool.close();
      }
    } else {
      const matcher = new Matcher(new MatchIndex(accounts));
      results = leads.map((lead) => matcher.match(lead, options));
    }
    const fd = openSync(values.out, "w");
    const out = new CsvByteWriter(fd, false);
    out.row(["lead_id", "account_id", "confidence", "evidence"]);
    let matched = 0;
    for (const r of results) {
      if (r.accountId) matched++;
      out.row([
        r.leadId,
        r.accountId,
        r.confidence,
        r.evidence.map((e) => `${e.kind}: ${e.detail}`).join("; "),
      ]);
    }
    out.flush();
    closeSync(fd);
    const s = (performance.now() - started) / 1000;
    console.log(
      `${leads.length} leads, ${accounts.length} accounts: ${matched} matched (${leads.length ? ((100 * matched) / leads.length).toFixed(1) : "0"}%), threshold ${threshold}; ${values.out} written in ${s.toFixed(1)} s (${workers} thread${workers > 1 ? "s" : ""})`,
    );
    return 0;
  },
};
