/**
 * Territory planning benchmark: synthetic markets (fixed seeds) solved by the large-scale
 * heuristic with three measures balanced within +-5%, compactness and disruption; the plan is
 * checked independently and its gap to the Lagrangian bound reported. A third case plans whole US
 * counties (heavy-tailed accounts, a team living in four metros) with connected territories
 * within +-10%; a fourth, ZIP patches over the US (about 41,000 ZIPs, 100 reps), contiguous
 * within +-10%.
 *
 *   npm run bench -- plan [--only 100k|1m|counties|zips|two-level] [--time S] [--seed 1]
 */
import { parseArgs } from "node:util";
import { pct } from "../src/cli/format.js";
import { regionsByHome, solveTwoLevel } from "../src/core/org/two-level.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import type { PlanProblem } from "../src/core/planning/problem.js";
import { planReport } from "../src/core/planning/report.js";
import type { PlanResult } from "../src/core/planning/result.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { countyScenario, syntheticProblem, zipScenario } from "../src/core/planning/synthetic.js";
import { usCounties } from "../src/io/plan/counties.js";
import { usZips } from "../src/io/plan/zips.js";
import { peakRssMiB, printTable } from "./table.js";

interface Case {
  readonly name: string;
  readonly time: number;
  make(seed: number): { problem: PlanProblem; rules: PlanRule[] };
  /** A solve other than one heuristic run (e.g. two levels); returns the final plan and its rules. */
  solve?(
    problem: PlanProblem,
    limit: number,
    seed: number,
    onProgress: (phase: string, detail: string) => void,
  ): { res: PlanResult; rules: readonly PlanRule[] };
}

function accountCase(name: string, n: number, p: number, time: number): Case {
  return {
    name: `${name} (${n} x ${p})`,
    time,
    make(seed) {
      const problem = syntheticProblem({ n, p, seed });
      return { problem, rules: standardRules(problem, 0.05) };
    },
  };
}

const CASES: Case[] = [
  accountCase("100k", 100_000, 100, 10),
  accountCase("1m", 1_000_000, 1_000, 120),
  {
    name: "counties (contiguous, +-10%)",
    time: 30,
    make: (seed) => countyScenario(usCounties(), seed, 0.1, 1),
  },
  {
    name: "zips (ZIP patches x 100 reps, contiguous, +-10%)",
    time: 60,
    make: (seed) => zipScenario(usZips(), seed, 0.1, 100),
  },
  {
    // Regions first (+-2.5%), then 10 reps in each, patches within their region (src/core/org).
    name: "two-level (100000 x 10 regions x 10 reps)",
    time: 20,
    make(seed) {
      const problem = syntheticProblem({ n: 100_000, p: 100, seed });
      return { problem, rules: [] };
    },
    solve(problem, limit, seed, onProgress) {
      const names = Array.from({ length: 10 }, (_, g) => `region ${g + 1}`);
      const two = solveTwoLevel(problem, regionsByHome(problem, 10), names, {
        tol: 0.05,
        // Both levels, their checks and building the region problem end within the limit.
        timeLimit: limit * 0.95,
        seed,
        onProgress,
      });
      const res =
        two.region.status === "feasible" ? two.reps : { ...two.reps, status: two.region.status };
      return { res, rules: two.rules };
    },
  },
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
  for (const size of CASES.filter((c) => !values.only || c.name.startsWith(values.only ?? ""))) {
    const t0 = Date.now();
    const made = size.make(seed);
    const problem = made.problem;
    let rules = made.rules;
    const tGen = (Date.now() - t0) / 1000;
    const limit = values.time ? Number(values.time) : size.time;
    const phases: string[] = [];
    const t1 = Date.now();
    const onProgress = (phase: string, detail: string) =>
      phases.push(`${((Date.now() - t1) / 1000).toFixed(1)}s ${phase}: ${detail}`);
    let res: PlanResult;
    if (size.solve) {
      const out = size.solve(problem, limit, seed, onProgress);
      res = out.res;
      rules = [...out.rules];
    } else res = solveHeuristic(problem, rules, { timeLimit: limit, seed, onProgress });
    const solve = (Date.now() - t1) / 1000;
    for (const line of phases) console.log(`  [${size.name}] ${line}`);
    const report = res.assign ? planReport(problem, rules, res.assign) : undefined;
    rows.push({
      instance: size.name,
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
      "km to centroid": report ? report.meanCentroidDistance.toFixed(1) : "-",
      "peak RSS MiB": Math.round(peakRssMiB()),
    });
  }
  printTable(rows);
}
