import { parseArgs } from "node:util";
import { generateMarket } from "../../synth/market.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, num } from "../format.js";
import { dateOption } from "../options.js";
import { startProgress } from "../progress.js";

const usage = `usage: paydirt synth --accounts N --reps R --seed S --out DIR [--as-of YYYY-MM-DD] [--years Y] [--signal-scale X]

Writes a seeded, realistic B2B market as import-ready CSV files (reps, accounts, products,
opportunities, opportunity_history, signals, revenue) plus ground truth (truth_accounts.csv,
truth_episodes.csv, truth.json). The same options always give the same files.
Import it with: paydirt import all DIR`;

const positiveInt = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
};

export const command: Command = {
  name: "synth",
  summary: "generate a seeded synthetic market with ground truth",
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        accounts: { type: "string" },
        reps: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        "as-of": { type: "string", default: "2026-06-30" },
        years: { type: "string", default: "3" },
        "signal-scale": { type: "string", default: "1" },
      },
    });
    if (!values.out) throw new UsageError("--out DIR is required");
    const asOf = dateOption("as-of", values["as-of"]) ?? values["as-of"];
    const accounts = positiveInt("accounts", values.accounts, 20_000);
    const reps = positiveInt("reps", values.reps, 40);
    const started = performance.now();
    const bar = startProgress("synthesising accounts", accounts);
    const summary = generateMarket(
      {
        accounts,
        reps,
        seed: positiveInt("seed", values.seed, 1),
        asOf,
        years: Number(values.years),
        signalScale: Number(values["signal-scale"]),
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
