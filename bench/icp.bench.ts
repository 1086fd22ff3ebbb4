/**
 * `npm run bench -- icp [--accounts N] [--dir DIR] [--fresh]`: the ideal customer profile on a
 * synthetic market of N accounts (default 1,000,000). The market is generated (seed 5) and
 * imported into a store under DIR (default /tmp/paydirt-bench-icp), both kept between runs
 * (`--fresh` rebuilds them); then `paydirt icp` runs as a child process on the built CLI, as users
 * run it: once for the segment report, once also writing every account's row (--accounts-out).
 * Prints each run's wall time and peak memory. Target: <= 60 s and <= 4,096 MiB.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateMarket } from "../src/synth/market.js";
import { printTable } from "./table.js";

/** Runs the built CLI and reports its own peak memory (resident set) after it finishes. */
const RUNNER = `
const { main } = await import(${JSON.stringify(resolve("dist/cli/main.js"))});
const code = await main(process.argv.slice(2));
const u = process.resourceUsage();
console.log("peak memory " + Math.round(u.maxRSS / 1024) + " MiB");
console.log("cpu time " + ((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(1) + " s");
process.exitCode = code;
`;

function run1(
  runner: string,
  args: string[],
): { seconds: number; peak: number; cpu: number; stdout: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ["--max-semi-space-size=64", runner, ...args], {
    encoding: "utf8",
    env: { ...process.env, PAYDIRT_QUIET: "1" },
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0)
    throw new Error(`paydirt ${args.join(" ")} failed:\n${child.stdout}\n${child.stderr}`);
  const peak = Number(/peak memory (\d+) MiB/.exec(child.stdout)?.[1] ?? Number.NaN);
  const cpu = Number(/cpu time ([\d.]+) s/.exec(child.stdout)?.[1] ?? Number.NaN);
  return { seconds, peak, cpu, stdout: child.stdout };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "1000000" },
      dir: { type: "string", default: "/tmp/paydirt-bench-icp" },
      fresh: { type: "boolean", default: false },
    },
  });
  const accounts = Number(values.accounts);
  const dir = join(values.dir, `market-${accounts}`);
  const market = join(dir, "market");
  const store = join(dir, "store.duckdb");
  const asOf = "2026-06-30";
  if (values.fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, "runner.mjs");
  writeFileSync(runner, RUNNER);
  const cli = (args: string[]) => run1(runner, args);
  const setup: Record<string, string | number>[] = [];
  if (!existsSync(store)) {
    console.log(`generating a market of ${accounts.toLocaleString("en-US")} accounts...`);
    const t0 = performance.now();
    const summary = generateMarket(
      { accounts, reps: Math.max(10, Math.round(accounts / 1000)), seed: 5, asOf },
      market,
    );
    setup.push({
      step: "generate (untimed setup)",
      rows: summary.files.reduce((s, f) => s + f.rows, 0),
      seconds: ((performance.now() - t0) / 1000).toFixed(1),
      "cpu s": "",
      "peak MiB": "",
    });
    console.log("importing...");
    const imp = cli(["import", "all", market, "--db", store]);
    setup.push({
      step: "import (untimed setup)",
      rows: "",
      seconds: imp.seconds.toFixed(1),
      "cpu s": imp.cpu.toFixed(1),
      "peak MiB": imp.peak,
    });
    rmSync(market, { recursive: true, force: true });
  } else console.log(`using the store in ${store} (--fresh rebuilds it)`);
  const out = join(dir, "icp.csv");
  const accountsOut = join(dir, "accounts.csv");
  const report = cli(["icp", "--db", store, "--as-of", asOf, "--out", out]);
  const full = cli([
    "icp",
    "--db",
    store,
    "--as-of",
    asOf,
    "--out",
    out,
    "--accounts-out",
    accountsOut,
  ]);
  const accountRows = existsSync(accountsOut) ? statSync(accountsOut).size : 0;
  printTable([
    ...setup,
    {
      step: "paydirt icp (segments)",
      rows: accounts,
      seconds: report.seconds.toFixed(1),
      "cpu s": report.cpu.toFixed(1),
      "peak MiB": report.peak,
    },
    {
      step: "paydirt icp --accounts-out",
      rows: accounts,
      seconds: full.seconds.toFixed(1),
      "cpu s": full.cpu.toFixed(1),
      "peak MiB": full.peak,
    },
  ]);
  console.log(`accounts file: ${(accountRows / 2 ** 20).toFixed(0)} MiB`);
  console.log("target: paydirt icp on 1,000,000 accounts in <= 60 s and <= 4,096 MiB");
}
