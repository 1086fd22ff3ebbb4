import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DemoRequest } from "../../core/requests/synth.js";
import { importData } from "../../io/import/run.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { summarise } from "../../io/store/summary.js";
import { generateMarket } from "../../synth/market.js";
import type { Command } from "../command.js";
import { parseRequest, STORE_FLAG, withStore } from "../options.js";
import { startProgress } from "../progress.js";
import { command as booksCommand } from "./books.js";
import { command as capacityCommand } from "./capacity.js";
import { command as compCommand } from "./comp.js";
import { command as coverageCommand } from "./coverage.js";
import { command as forecastCommand } from "./forecast.js";
import { filesInFolder, printImportResult } from "./import.js";
import { command as planCommand } from "./plan.js";
import { command as quotaCommand } from "./quota.js";
import { renderSummary } from "./status.js";
import { command as talCommand } from "./tal.js";

/** The demo's plan: the target list's priority, workload and account counts balanced. */
function demoPlan(seconds: number) {
  return {
    measures: [
      { name: "potential", column: "tal_priority", tolerance: 0.05 },
      { name: "workload", column: "employees", transform: "sqrt", tolerance: 0.1 },
      { name: "accounts", count: true, tolerance: 0.1 },
    ],
    weights: { balance: 1, compactness: 1, disruption: 1 },
    // The synthetic team lives in a few metros: shape territories around centres, not homes.
    compactAround: "centre",
    roles: ["AE"],
    timeLimit: Number.isFinite(seconds) && seconds > 0 ? seconds : 15,
  };
}

const usage = `usage: paydirt demo [--accounts N] [--reps R] [--seed S] [--db PATH] [--out DIR] [--plan-seconds T]

Synthesises a mid-size market (default 20,000 accounts, 40 reps) into DIR (default ./out/demo-market),
imports it into a fresh store (default ./${DEFAULT_STORE}), prints a summary, builds the unified
target account list (paydirt tal --save), then plans territories for the account executives with
the list's priority as the potential to balance (paydirt plan create demo --config DIR/plan.json,
T seconds, default 15).`;

export const command: Command = {
  name: "demo",
  summary:
    "the main job end to end: synthesise a market, import it, rank accounts, plan territories",
  usage,
  async run(argv) {
    const values = parseRequest(argv, {
      schema: withStore(DemoRequest, DEFAULT_STORE).extend({
        out: z.string().min(1).default(join("out", "demo-market")),
      }),
      flags: {
        ...STORE_FLAG,
        accounts: { type: "number" },
        reps: { type: "number" },
        seed: { type: "number" },
        out: { type: "string" },
        "plan-seconds": { type: "number" },
      },
    });
    const accounts = values.accounts;
    const t0 = performance.now();
    console.log(
      `1/5 synthesising ${accounts.toLocaleString("en-US")} accounts and ${values.reps} reps into ${values.out}`,
    );
    const bar = startProgress("synthesising accounts", accounts);
    generateMarket(
      { accounts, reps: values.reps, seed: values.seed, asOf: "2026-06-30" },
      values.out,
      (n) => bar.update(n),
    );
    bar.stop();
    console.log(`2/5 importing into ${values.db} (replacing it)`);
    for (const p of [values.db, `${values.db}.wal`]) rmSync(p, { force: true });
    const result = await importData(filesInFolder(values.out), { storePath: values.db });
    printImportResult(result, values.db);
    if (!result.ok) return 1;
    console.log("3/5 summary\n");
    const store = await openStoreForReading(values.db);
    try {
      console.log(renderSummary(await summarise(store.db), values.db));
    } finally {
      store.close();
    }
    console.log("\n4/5 unified target account list (paydirt tal)\n");
    const tal = await talCommand.run(["--db", values.db, "--top", "10", "--save"]);
    if (tal !== 0) return tal;
    const config = join(values.out, "plan.json");
    writeFileSync(config, `${JSON.stringify(demoPlan(values.planSeconds), null, 2)}\n`);
    console.log(`\n5/5 territory plan for the AEs (paydirt plan create demo --config ${config})\n`);
    const plan = await planCommand.run([
      "create",
      "demo",
      "--config",
      config,
      "--db",
      values.db,
      "--replace",
    ]);
    if (plan !== 0) return plan;
    console.log("\ndynamic books after the plan (paydirt books refresh), then their backtest\n");
    const books = await booksCommand.run(["refresh", "--db", values.db, "--plan", "demo"]);
    if (books !== 0) return books;
    const bt = await booksCommand.run([
      "backtest",
      "--db",
      values.db,
      "--from",
      "2025-07-01",
      "--to",
      "2026-06-23",
      "--truth",
      values.out,
    ]);
    if (bt !== 0) return bt;
    console.log("\nforecast of won revenue, this quarter and the next (paydirt forecast)\n");
    const fc = await forecastCommand.run(["--db", values.db, "--draws", "2000", "--save"]);
    if (fc !== 0) return fc;
    console.log("\npipeline coverage against quota (paydirt coverage)\n");
    const cov = await coverageCommand.run(["--db", values.db, "--suggestions", "1"]);
    if (cov !== 0) return cov;
    console.log("\nquotas every AE is equally likely to make, next year (paydirt quota)\n");
    const quota = await quotaCommand.run(["--db", values.db]);
    if (quota !== 0) return quota;
    console.log("\nAEs and BDRs needed to cover tiers A and B (paydirt capacity)\n");
    const capacity = await capacityCommand.run(["--db", values.db]);
    if (capacity !== 0) return capacity;
    console.log("\na comp plan with a 1.5x credit for tier-A accounts (paydirt comp simulate)\n");
    const comp = await compCommand.run(["simulate", "--db", values.db, "--draws", "1000"]);
    if (comp !== 0) return comp;
    console.log(
      `\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s; ground truth in ${values.out}/truth_*.csv`,
    );
    console.log(
      `\nopen the web app (overview, ICP, target accounts, territories, books, routing, forecast, coverage, quotas):\n  npx paydirt serve --db ${values.db}\nthen browse to http://127.0.0.1:8787/ and paste the token it prints`,
    );
    return 0;
  },
};
