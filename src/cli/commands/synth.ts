import { z } from "zod";
import { SynthRequest } from "../../core/requests/synth.js";
import { generateMarket } from "../../synth/market.js";
import type { Command } from "../command.js";
import { formatTable, num } from "../format.js";
import { parseRequest } from "../options.js";
import { startProgress } from "../progress.js";

const usage = `usage: paydirt synth --accounts N --reps R --seed S --out DIR [--as-of YYYY-MM-DD] [--years Y] [--signal-scale X]

Writes a seeded, realistic B2B market as import-ready CSV files (reps, accounts, products,
opportunities, opportunity_history, signals, revenue) plus ground truth (truth_accounts.csv,
truth_episodes.csv, truth.json). The same options always give the same files.
Import it with: paydirt import all DIR`;

export const command: Command = {
  name: "synth",
  summary: "generate a seeded synthetic market with ground truth",
  usage,
  async run(argv) {
    const values = parseRequest(argv, {
      schema: SynthRequest.extend({ out: z.string().min(1) }),
      flags: {
        accounts: { type: "number" },
        reps: { type: "number" },
        seed: { type: "number" },
        out: { type: "string" },
        "as-of": { type: "string" },
        years: { type: "number" },
        "signal-scale": { type: "number" },
      },
    });
    const { accounts, reps, asOf } = values;
    const started = performance.now();
    const bar = startProgress("synthesising accounts", accounts);
    const summary = generateMarket(
      {
        accounts,
        reps,
        seed: values.seed,
        asOf,
        years: values.years,
        signalScale: values.signalScale,
      },
      values.out,
      (done) => bar.update(done),
    );
    bar.stop();
    console.log(formatTable(summary.files.map((f) => ({ file: f.file, rows: num(f.rows) }))));
    console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  },
};
