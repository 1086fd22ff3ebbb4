/** `npm run bench -- synth [--accounts N] [--reps R]`: time to generate a synthetic market. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateMarket } from "../src/synth/market.js";
import { peakRssMiB, printTable } from "./table.js";

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "1000000" },
      reps: { type: "string", default: "1000" },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-synth-"));
  try {
    const t0 = performance.now();
    const summary = generateMarket(
      { accounts: Number(values.accounts), reps: Number(values.reps), seed: 1, asOf: "2026-06-30" },
      dir,
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = summary.files.reduce((s, f) => s + f.rows, 0);
    printTable([
      ...summary.files.map((f) => ({
        file: f.file.slice(dir.length + 1),
        rows: f.rows,
        seconds: "",
        "rows/s": "",
        "peak MiB": "",
      })),
      {
        file: "total",
        rows,
        seconds: seconds.toFixed(1),
        "rows/s": Math.round(rows / seconds),
        "peak MiB": Math.round(peakRssMiB()),
      },
    ]);
    console.log(`target: 1,000,000 accounts in <= 60 s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
