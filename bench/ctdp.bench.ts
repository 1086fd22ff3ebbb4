/**
 * CTDP benchmark: solve every instance of ../shared/ctdp/instances with the time limit, check each
 * solution with the independent evaluator and compare with the published results.
 *
 *   npm run bench -- ctdp [--time 60] [--only NAME] [--seed 1] [--workers 2]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { evaluateSolution } from "../src/core/planning/ctdp/index.js";
import { readCtdpInstance, searchBudgetMs, solveCtdpParallel } from "../src/io/ctdp.js";
import { peakRssMiB, printTable } from "./table.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared", "ctdp");

interface Published {
  readonly bestKnown: number;
  readonly publishedMean: number;
}

function readPublished(): Map<string, Published> {
  const map = new Map<string, Published>();
  const file = join(root, "best-known.csv");
  if (!existsSync(file)) return map;
  const [header, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = (header ?? "").split(",");
  const at = (name: string): number => cols.indexOf(name);
  for (const row of rows) {
    const f = row.split(",");
    map.set(f[at("instance")] ?? "", {
      bestKnown: Number(f[at("best_known_D")]),
      publishedMean: Number(f[at("published_mean_D")]),
    });
  }
  return map;
}

/** Number of units: the first token of an instance file. */
function sizeOf(file: string): number {
  return Number(/\S+/.exec(readFileSync(file, "utf8").slice(0, 64))?.[0] ?? 0);
}

const mean = (xs: number[]): number =>
  xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : Number.NaN;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      time: { type: "string", default: "60" },
      only: { type: "string" },
      seed: { type: "string", default: "1" },
      workers: { type: "string" },
    },
  });
  const seconds = Number(values.time);
  const dir = join(root, "instances");
  const published = readPublished();
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".in"))
    .map((f) => f.replace(/\.in$/, ""))
    .filter((name) => !values.only || name.includes(values.only))
    .map((name) => ({ name, n: sizeOf(join(dir, `${name}.in`)) }))
    .sort((a, b) => a.n - b.n || a.name.localeCompare(b.name, "en", { numeric: true }));
  const rows: Record<string, string | number>[] = [];
  const gapsSmall: number[] = [];
  const gapsLarge: number[] = [];
  for (const { name } of names) {
    // The limit covers reading the instance, as it does for `paydirt ctdp solve`.
    const t0 = performance.now();
    const inst = readCtdpInstance(join(dir, `${name}.in`));
    const sol = await solveCtdpParallel(inst, {
      timeLimitMs: searchBudgetMs(seconds * 1000, performance.now() - t0),
      seed: Number(values.seed),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
    });
    const wall = (performance.now() - t0) / 1000;
    const ev = evaluateSolution(inst, sol.assignment);
    const pub = published.get(name);
    const gap = pub ? (100 * (ev.diameter - pub.bestKnown)) / pub.bestKnown : Number.NaN;
    if (pub && ev.balanceExcess === 0 && ev.connected)
      (inst.n <= 2500 ? gapsSmall : gapsLarge).push(gap);
    const row = {
      instance: name,
      n: inst.n,
      p: inst.p,
      B: ev.balanceExcess.toFixed(4),
      connected: ev.connected && ev.complete ? "yes" : "NO",
      D: ev.diameter.toFixed(2),
      "ttb s": (sol.timeToBestMs / 1000).toFixed(1),
      "wall s": wall.toFixed(1),
      "best-known D": pub ? pub.bestKnown.toFixed(2) : "-",
      "published mean D": pub ? pub.publishedMean.toFixed(2) : "-",
      "gap %": pub ? gap.toFixed(2) : "-",
      "beats mean": pub
        ? ev.balanceExcess === 0 && ev.diameter < pub.publishedMean
          ? "yes"
          : "no"
        : "-",
    };
    console.error(Object.values(row).join("  "));
    rows.push(row);
  }
  printTable(rows);
  console.log(
    `\nmean gap to best-known D: n <= 2500: ${mean(gapsSmall).toFixed(2)}% (${gapsSmall.length} instances); ` +
      `n >= 5000: ${mean(gapsLarge).toFixed(2)}% (${gapsLarge.length} instances); ` +
      `time limit ${seconds}s per instance; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
  );
}
