import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { importData } from "../../io/import/run.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { summarise } from "../../io/store/summary.js";
import { generateMarket } from "../../synth/market.js";
import type { Command } from "../command.js";
import { startProgress } from "../progress.js";
import { filesInFolder, printImportResult } from "./import.js";
import { renderSummary } from "./status.js";
import { command as talCommand } from "./tal.js";

const usage = `usage: paydirt demo [--accounts N] [--reps R] [--seed S] [--db PATH] [--out DIR]

Synthesises a mid-size market (default 20,000 accounts, 40 reps) into DIR (default ./out/demo-market),
imports it into a fresh store (default ./${DEFAULT_STORE}), prints a summary, then builds the
unified target account list (paydirt tal) on it.`;

export const command: Command = {
  name: "demo",
  summary: "synthesise a market, import it, and summarise it (the main job end to end)",
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        accounts: { type: "string", default: "20000" },
        reps: { type: "string", default: "40" },
        seed: { type: "string", default: "42" },
        db: { type: "string", default: DEFAULT_STORE },
        out: { type: "string", default: join("out", "demo-market") },
      },
    });
    const accounts = Number(values.accounts);
    const t0 = performance.now();
    console.log(
      `1/4 synthesising ${accounts.toLocaleString("en-US")} accounts and ${values.reps} reps into ${values.out}`,
    );
    const bar = startProgress("synthesising accounts", accounts);
    generateMarket(
      { accounts, reps: Number(values.reps), seed: Number(values.seed), asOf: "2026-06-30" },
      values.out,
      (n) => bar.update(n),
    );
    bar.stop();
    console.log(`2/4 importing into ${values.db} (replacing it)`);
    for (const p of [values.db, `${values.db}.wal`]) rmSync(p, { force: true });
    const result = await importData(filesInFolder(values.out), { storePath: values.db });
    printImportResult(result, values.db);
    if (!result.ok) return 1;
    console.log("3/4 summary\n");
    const store = await openStoreForReading(values.db);
    try {
      console.log(renderSummary(await summarise(store.db), values.db));
    } finally {
      store.close();
    }
    console.log("\n4/4 unified target account list (paydirt tal)\n");
    const tal = await talCommand.run(["--db", values.db, "--top", "10"]);
    if (tal !== 0) return tal;
    console.log(
      `\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s; ground truth in ${values.out}/truth_*.csv`,
    );
    return 0;
  },
};
