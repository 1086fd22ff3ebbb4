/**
 * `npm run bench -- match [--accounts N] [--leads L]`: lead-to-account matching at scale.
 * Builds the index over N accounts with realistic names (default 1,000,000), then matches L
 * synthetic leads (default 50,000) one by one on one thread, then on --workers threads (default 2,
 * each with its own index), and reports their quality.
 */
import { parseArgs } from "node:util";
import { MatchIndex } from "../src/core/routing/match/account-index.js";
import { matchQuality } from "../src/core/routing/match/evaluate.js";
import { Matcher } from "../src/core/routing/match/matcher.js";
import { MatchPool } from "../src/io/routing/match-pool.js";
import { generateLeads, generateMatchAccounts } from "../src/synth/leads.js";
import { peakRssMiB, printTable } from "./table.js";

const mib = (b: number) => Math.round(b / 2 ** 20);

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "1000000" },
      leads: { type: "string", default: "50000" },
      workers: { type: "string", default: "2" },
    },
  });
  const n = Number(values.accounts);
  const accounts = generateMatchAccounts(1, n);
  const leads = generateLeads(accounts, {
    seed: 2,
    count: Number(values.leads),
    asOf: "2026-06-30",
  });
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const index = new MatchIndex(accounts);
  const buildS = (performance.now() - t0) / 1000;
  const buildCpu = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
  const heapIndex = process.memoryUsage().heapUsed - heapBefore + index.arrayBytes;
  const rssAfter = process.memoryUsage().rss;
  const matcher = new Matcher(index);
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const results = leads.map((l) => matcher.match(l));
  const matchS = (performance.now() - t1) / 1000;
  const matchCpu = (process.cpuUsage(cpu1).user + process.cpuUsage(cpu1).system) / 1e6;
  const q = matchQuality(
    results.map((r, i) => ({
      accountId: r.accountId,
      bestId: r.candidates[0]?.accountId ?? null,
      confidence: r.confidence,
      truth: leads[i]?.truthAccountId ?? null,
    })),
  );
  // Recall on the leads whose fields can single out their account at all (the generator's
  // `identifiable`: the account's own domain, or a name no other account shares).
  const identifiable = leads.filter((l) => l.identifiable);
  const foundIdentifiable = leads.filter(
    (l, i) => l.identifiable && results[i]?.accountId === l.truthAccountId,
  ).length;
  // The same leads on worker threads, each with its own index (built before the clock starts).
  const nWorkers = Number(values.workers);
  let workerRows: { measure: string; value: string | number; target: string }[] = [];
  if (nWorkers > 1) {
    const t2 = performance.now();
    const pool = await MatchPool.start(accounts, nWorkers);
    const readyS = (performance.now() - t2) / 1000;
    const cpu3 = process.cpuUsage();
    const t3 = performance.now();
    const pooled = await pool.match(leads);
    const poolS = (performance.now() - t3) / 1000;
    // The process's CPU time counts every thread: on a busy machine, leads per CPU second times
    // the cores is what the workers could reach with the cores to themselves.
    const poolCpu = (process.cpuUsage(cpu3).user + process.cpuUsage(cpu3).system) / 1e6;
    await pool.close();
    const same = pooled.every(
      (r, i) => r.accountId === results[i]?.accountId && r.confidence === results[i]?.confidence,
    );
    workerRows = [
      {
        measure: `workers ready (each builds its index), wall s`,
        value: readyS.toFixed(1),
        target: "",
      },
      {
        measure: `leads/s, wall (${nWorkers} worker threads)`,
        value: Math.round(leads.length / poolS),
        target: ">= 20000",
      },
      {
        measure: "  leads per CPU s (all threads)",
        value: Math.round(leads.length / poolCpu),
        target: "",
      },
      { measure: "  same matches as one thread", value: same ? "yes" : "NO", target: "yes" },
    ];
  }
  printTable([
    { measure: "accounts indexed", value: n.toLocaleString("en-US"), target: "" },
    { measure: "index build, wall s", value: buildS.toFixed(1), target: "<= 30" },
    { measure: "index build, CPU s", value: buildCpu.toFixed(1), target: "" },
    {
      measure: "index memory (heap growth + arrays), MiB",
      value: mib(heapIndex),
      target: "<= 2048",
    },
    { measure: "RSS growth while building, MiB", value: mib(rssAfter - rssBefore), target: "" },
    { measure: "leads matched", value: leads.length.toLocaleString("en-US"), target: "" },
    {
      measure: "leads/s, wall (one thread)",
      value: Math.round(leads.length / matchS),
      target: nWorkers > 1 ? "" : ">= 20000",
    },
    { measure: "leads/s, CPU", value: Math.round(leads.length / matchCpu), target: "" },
    ...workerRows,
    { measure: "precision", value: q.precision.toFixed(4), target: ">= 0.99" },
    { measure: "recall (all account leads)", value: q.recall.toFixed(4), target: "" },
    {
      measure: `recall (identifiable account leads, ${Math.round((100 * identifiable.length) / q.accountLeads)}%)`,
      value: (foundIdentifiable / identifiable.length).toFixed(4),
      target: ">= 0.95",
    },
    { measure: "other companies matched", value: q.otherMatched.toFixed(4), target: "<= 0.01" },
    { measure: "expected calibration error", value: q.ece.toFixed(4), target: "" },
    { measure: "peak RSS, MiB", value: Math.round(peakRssMiB()), target: "" },
  ]);
  console.log(
    `load average ${(await import("node:os"))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (2 shared cores: wall times read high)`,
  );
}
