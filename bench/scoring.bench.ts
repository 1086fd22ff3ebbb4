/**
 * `npm run bench -- scoring [--accounts N] [--seed S]`: does the look-alike fit model recover the
 * hidden ideal customer profile of a synthetic market, and does it beat a segment win-rate lookup
 * on what happened next? The model is fitted as of T = one year before the market's end with
 * what was known then; it is judged by its rank correlation with the true propensity of every
 * account and by the AUC on the new-business deals closed after T. The same chain then runs on
 * the real Maven CRM data, whose outcomes are close to random.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { filesInFolder } from "../src/cli/commands/import.js";
import { aucWithInterval, spearman } from "../src/core/scoring/ml/metrics.js";
import { computeAccountAnalytics } from "../src/io/analytics/accounts.js";
import { computeIcp } from "../src/io/analytics/icp.js";
import { importData } from "../src/io/import/run.js";
import { loadMapping } from "../src/io/mapping.js";
import type { Db } from "../src/io/store/db.js";
import { openStoreForReading } from "../src/io/store/open.js";
import { fitAccounts } from "../src/io/tal/fit.js";
import { generateMarket } from "../src/synth/market.js";
import { readTruePropensity } from "../src/synth/truth.js";
import { printTable } from "./table.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Scores {
  readonly name: string;
  readonly byAccount: ReadonlyMap<string, number>;
}

/** Fit model and segment lookup as of T, and the deals closed after T with their outcome. */
async function evaluate(db: Db, asOf: string, end: string) {
  const started = performance.now();
  const fit = await fitAccounts(db, { asOf, windowMonths: 24 });
  const seconds = (performance.now() - started) / 1000;
  const icp = await computeIcp(db, {
    asOf,
    dimensions: ["industry", "size_band", "region"],
    windowMonths: 24,
  });
  const { rows } = await computeAccountAnalytics(db, icp, { peers: ["industry", "size_band"] });
  const scores: Scores[] = [
    {
      name: `fit model (${fit.model.candidate})`,
      byAccount: new Map(fit.ids.map((id, i) => [id, fit.fit[i] ?? 0])),
    },
    {
      name: "segment win-rate lookup",
      byAccount: new Map(rows.map((r) => [r.accountId, r.segmentWinRate ?? 0])),
    },
  ];
  const later = await db.all<{ account_id: string; won: number }>(
    `SELECT account_id, CAST(status = 'won' AS INTEGER) AS won FROM opportunities
     WHERE coalesce(type, 'new') = 'new' AND status IN ('won', 'lost') AND account_id IS NOT NULL
       AND created_date > DATE '${asOf}' AND close_date <= DATE '${end}'`,
  );
  const labels = later.map((d) => d.won);
  return { scores, labels, later, seconds, trainDeals: fit.deals };
}

/** AUC (with its 95% interval) of an account score on the deals closed after T. */
function laterAuc(
  r: { readonly labels: readonly number[]; readonly later: readonly { account_id: string }[] },
  score: ReadonlyMap<string, number>,
): string {
  const a = aucWithInterval(
    r.labels,
    r.later.map((d) => score.get(d.account_id) ?? 0),
  );
  return `${a.auc.toFixed(3)} [${a.lo.toFixed(3)}, ${a.hi.toFixed(3)}]`;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "50000" },
      seed: { type: "string", default: "5" },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-scoring-"));
  try {
    const market = join(dir, "market");
    const accounts = Number(values.accounts);
    console.log(`synthesising ${accounts.toLocaleString("en-US")} accounts and importing them...`);
    generateMarket(
      {
        accounts,
        reps: Math.max(10, Math.round(accounts / 500)),
        seed: Number(values.seed),
        asOf: "2026-06-30",
      },
      market,
    );
    const store = join(dir, "synth.duckdb");
    const imported = await importData(filesInFolder(market), { storePath: store });
    if (!imported.ok) throw new Error(imported.log.lines().join("\n"));
    const truth = readTruePropensity(market);
    const s = await openStoreForReading(store);
    const table: Record<string, string | number>[] = [];
    try {
      const r = await evaluate(s.db, "2025-06-30", "2026-06-30");
      console.log(
        `fitted as of 2025-06-30 on ${r.trainDeals.toLocaleString("en-US")} closed new-business deals in ${r.seconds.toFixed(1)} s; judged on ${r.labels.length.toLocaleString("en-US")} deals created and closed after it`,
      );
      const ids = [...truth.keys()];
      for (const sc of r.scores) {
        table.push({
          data: "synthetic",
          scorer: sc.name,
          "rank corr. with true propensity": spearman(
            ids.map((id) => sc.byAccount.get(id) ?? 0),
            ids.map((id) => truth.get(id) ?? 0),
          ).toFixed(3),
          "AUC on later deals [95%]": laterAuc(r, sc.byAccount),
        });
      }
      table.push({
        data: "synthetic",
        scorer: "true propensity (ceiling)",
        "rank corr. with true propensity": "1.000",
        "AUC on later deals [95%]": laterAuc(r, truth),
      });
    } finally {
      s.close();
    }

    const maven = join(root, "..", "shared", "data", "maven-crm");
    const mstore = join(dir, "maven.duckdb");
    const mapping = await loadMapping(join(root, "mappings", "maven-crm.json"));
    const mi = await importData(filesInFolder(maven, mapping), { storePath: mstore });
    if (!mi.ok) throw new Error(mi.log.lines().join("\n"));
    const m = await openStoreForReading(mstore);
    try {
      const r = await evaluate(m.db, "2017-06-30", "2017-12-31");
      for (const sc of r.scores) {
        table.push({
          data: "Maven CRM (real)",
          scorer: sc.name,
          "rank corr. with true propensity": "-",
          "AUC on later deals [95%]": laterAuc(r, sc.byAccount),
        });
      }
      console.log(
        `Maven: fitted as of 2017-06-30 on ${r.trainDeals} deals; judged on ${r.labels.length} deals closed by 2017-12-31`,
      );
    } finally {
      m.close();
    }
    printTable(table);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
