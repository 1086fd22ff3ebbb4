/**
 * Territory planning benchmark: synthetic markets (fixed seeds) solved by the large-scale
 * heuristic with three measures balanced within +-5%, compactness and disruption; the plan is
 * checked independently and its gap to the Lagrangian bound reported.
 *
 *   npm run bench -- plan [--only 100k|1m] [--time S] [--seed 1]
 */
import { parseArgs } from "node:util";
import { pct } from "../src/cli/format.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { planReport } from "../src/core/planning/report.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { syntheticProblem } from "../src/core/planning/synthetic.js";
import { peakRssMiB, printTable } from "./table.js";

const SIZES = [
  { name: "100k", n: 100_000, p: 100, time: 10 },
  { name: "1m", n: 1_000_000, p: 1_000, time: 120 },
];

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: "string" },
      time: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  const seed = Number(values.seed);
  const rows: Record<string, string | number>[] = [];
  for (const size of SIZES.filter((s) => !values.only || s.name === values.only)) {
    const t0 = Date.now();
    const problem = syntheticProblem({ n: size.n, p: size.p, seed });
    const rules = standardRules(problem, 0.05);
    const tGen = (Date.now() - t0) / 1000;
    const limit = values.time ? Number(values.time) : size.time;
    const phases: string[] = [];
    const t1 = Date.now();
    const res = solveHeuristic(problem, rules, {
      timeLimit: limit,
      seed,
      onProgress: (phase, detail) =>
        phases.push(`${((Date.now() - t1) / 1000).toFixed(1)}s ${phase}: ${detail}`),
    });
    const solve = (Date.now() - t1) / 1000;
    for (const line of phases) console.log(`  [${size.name}] ${line}`);
    const report = res.assign ? planReport(problem, rules, res.assign) : undefined;
    rows.push({
      instance: `${size.name} (${size.n} x ${size.p})`,
      "limit s": limit,
      "generate s": tGen.toFixed(1),
      "solve s": solve.toFixed(1),
      status: res.status,
      objective: res.objective?.toFixed(4) ?? "-",
      bound: res.bound?.toFixed(4) ?? "-",
      gap: pct(res.gap),
      "worst dev": report ? report.measures.map((m) => pct(m.worstDeviation)).join(" / ") : "-",
      "moved accts": pct(report?.movedUnits),
      "mean km": report ? report.meanDistance.toFixed(1) : "-",
      "peak RSS MiB": Math.round(peakRssMiB()),
    });
  }
  printTable(rows);
}
