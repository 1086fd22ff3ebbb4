/**
 * `npm run bench -- smallfit [--rows 300] [--seeds 1,2,3,4,5] [--test 100000] [--stack RULE]
 * [--folds K] [--repeats R] [--only interactions,pure]`: model choice on
 * small categorical tables. For each generating model (naive Bayes exactly right; correlated
 * answers with additive effects and a numeric column; interactions; pure noise) and seed, train
 * on a few hundred rows, then measure on a large independent test set from the same generator
 * the AUC of the chosen model and of naive Bayes, tuned logistic and boosting each fitted alone.
 * Target: chosen >= best of the three - 0.005 on every row ("regret" <= 0.005). `--stack` names
 * the rule that weighs the blend (STACK_RULES in src/core/scoring/ml/select.ts), to compare them.
 */
import { parseArgs } from "node:util";
import {
  checkSelection,
  correlatedGenerator,
  type Generator,
  interactionGenerator,
  naiveBayesGenerator,
  noiseGenerator,
} from "../src/core/scoring/ml/simulate.js";
import { printTable } from "./table.js";

const GENERATORS: ((seed: number) => Generator)[] = [
  (s) => naiveBayesGenerator(s),
  (s) => naiveBayesGenerator(s, 24, 3),
  (s) => correlatedGenerator(s),
  (s) => interactionGenerator(s),
  (s) => noiseGenerator(s),
];

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: "string", default: "300" },
      seeds: { type: "string", default: "1,2,3,4,5" },
      test: { type: "string", default: "100000" },
      stack: { type: "string" },
      folds: { type: "string" },
      repeats: { type: "string" },
      only: { type: "string" },
    },
  });
  const rows = Number(values.rows);
  const seeds = values.seeds.split(",").map(Number);
  const out: Record<string, string | number>[] = [];
  const regrets: number[] = [];
  /** Generator -> test AUCs of the chosen model and of each learner alone, per draw. */
  const byGenerator = new Map<string, Map<string, number[]>>();
  const started = performance.now();
  const only = values.only?.split(",").map((x) => x.trim().toLowerCase());
  for (const make of GENERATORS) {
    if (only && !only.some((o) => make(1).name.toLowerCase().startsWith(o))) continue;
    for (const seed of seeds) {
      const g = make(seed);
      const t0 = performance.now();
      const r = checkSelection(g, rows, Number(values.test), seed, {
        ...(values.stack ? { stack: values.stack } : {}),
        ...(values.folds ? { folds: Number(values.folds) } : {}),
        ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
      });
      const per = byGenerator.get(g.name) ?? new Map<string, number[]>();
      byGenerator.set(g.name, per);
      for (const [name, a] of [["chosen", r.chosenAuc] as const, ...r.aucs]) {
        per.set(name, [...(per.get(name) ?? []), a]);
      }
      const best = Math.max(...r.aucs.values());
      const regret = best - r.chosenAuc;
      regrets.push(regret);
      out.push({
        generator: g.name,
        seed,
        chosen: r.chosen,
        "CV AUC": r.cvAuc.toFixed(3),
        "test AUC": r.chosenAuc.toFixed(3),
        nb: (r.aucs.get("nb") ?? Number.NaN).toFixed(3),
        logistic: (r.aucs.get("logistic") ?? Number.NaN).toFixed(3),
        gbdt: (r.aucs.get("gbdt") ?? Number.NaN).toFixed(3),
        oracle: r.oracle.toFixed(3),
        regret: regret.toFixed(4),
        held: regret <= 0.005 ? "yes" : "NO",
        seconds: ((performance.now() - t0) / 1000).toFixed(1),
      });
    }
  }
  printTable(out);
  // The same target in expectation: the chosen model's mean test AUC over the draws of a
  // generating model against the learner of best mean AUC on it.
  const mean = (x: readonly number[]) => x.reduce((t, v) => t + v, 0) / Math.max(1, x.length);
  const summary = [...byGenerator].map(([name, per]) => {
    const learners = [...per].filter(([n]) => n !== "chosen");
    const [bestName, bestAuc] = learners
      .map(([n, a]) => [n, mean(a)] as const)
      .reduce((b, x) => (x[1] > b[1] ? x : b));
    const chosen = mean(per.get("chosen") ?? []);
    return {
      generator: name,
      draws: per.get("chosen")?.length ?? 0,
      chosen: chosen.toFixed(4),
      ...Object.fromEntries(learners.map(([n, a]) => [n, mean(a).toFixed(4)])),
      "best learner": bestName,
      "regret of means": (bestAuc - chosen).toFixed(4),
      held: bestAuc - chosen <= 0.005 ? "yes" : "NO",
    };
  });
  console.log("");
  printTable(summary);
  const held = regrets.filter((x) => x <= 0.005).length;
  console.log(
    `${held}/${regrets.length} within 0.005 of the best learner; mean regret ${mean(regrets).toFixed(4)}, worst ${Math.max(...regrets).toFixed(4)}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(
    "target: chosen model's test AUC >= best of naive Bayes, tuned logistic, boosting - 0.005",
  );
}
