/**
 * `npm run bench -- import [--accounts N] [--signal-scale X]`: import 1,000,000 synthetic accounts
 * and about 5,000,000 signals (plus the reps they reference) into a fresh store, in a child
 * process running the built CLI (bin/paydirt.js), so its time and peak memory are its own.
 * Target: <= 30 s and <= 2 GB.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateMarket } from "../src/synth/market.js";
import { printTable } from "./table.js";

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "1000000" },
      "signal-scale": { type: "string", default: "0.33" },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-import-"));
  try {
    const market = join(dir, "market");
    console.log("generating the market...");
    const summary = generateMarket(
      {
        accounts: Number(values.accounts),
        reps: Math.max(10, Math.round(Number(values.accounts) / 1000)),
        seed: 3,
        asOf: "2026-06-30",
        signalScale: Number(values["signal-scale"]),
      },
      market,
    );
    const input = join(dir, "input");
    mkdirSync(input);
    for (const f of ["reps.csv", "accounts.csv", "signals.csv"])
      copyFileSync(join(market, f), join(input, f));
    rmSync(market, { recursive: true, force: true });
    // Flush the generator's writes first, so the timed import is not slowed by their writeback.
    spawnSync("sync");
    const rows = Object.fromEntries(summary.files.map((f) => [f.file.split("/").pop(), f.rows]));
    console.log("importing...");
    const store = join(dir, "bench.duckdb");
    const t0 = performance.now();
    const child = spawnSync(
      process.execPath,
      [
        "--max-semi-space-size=64",
        "bin/paydirt.js", // the built CLI, as users run it (`npm run bench` builds first)
        "import",
        "all",
        input,
        "--db",
        store,
      ],
      { encoding: "utf8", env: { ...process.env, PAYDIRT_TIMING: "1", PAYDIRT_QUIET: "1" } },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (child.status !== 0) throw new Error(`import failed:\n${child.stdout}\n${child.stderr}`);
    const phase = (name: string) => {
      const m = new RegExp(`${name}\\s+([\\d.]+) s`).exec(child.stdout);
      return m ? Number(m[1]) : Number.NaN;
    };
    const peak = Number(/peak memory\s+(\d+) MiB/.exec(child.stdout)?.[1] ?? Number.NaN);
    const table = ["reps", "accounts", "signals"].map((e) => ({
      entity: e,
      rows: rows[`${e}.csv`] ?? 0,
      "check s": phase(`check ${e}`).toFixed(2),
      "commit s": phase(`commit ${e}`).toFixed(2),
    }));
    printTable(table);
    console.log(`read and parse, all files in parallel: ${phase("read and parse").toFixed(2)} s`);
    const total = table.reduce((s, r) => s + r.rows, 0);
    printTable([
      {
        total: "whole import (process)",
        rows: total,
        seconds: seconds.toFixed(1),
        "rows/s": Math.round(total / seconds),
        "peak MiB": peak,
      },
    ]);
    console.log("target: 1,000,000 accounts + 5,000,000 signals in <= 30 s and <= 2,048 MiB");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
