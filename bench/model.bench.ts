/**
 * `npm run bench -- model [--rows N] [--features F] [--explain K]`: write a training and a
 * scoring CSV of N rows (default 1,000,000) with F features (default 30: numeric, money, dates,
 * yes/no, categorical of 3 to 2,000 levels, missing values) and a known non-linear probability,
 * then run `paydirt model train` and `paydirt model predict` as child processes on the built CLI,
 * as users run them. Prints each one's wall time and peak memory, and the scores' AUC and
 * calibration error against the known probabilities. Target: train + score <= 60 s, <= 4 GB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  auc,
  calibrationError,
  calibrationTable,
  logLoss,
} from "../src/core/scoring/ml/metrics.js";
import { Rng } from "../src/core/scoring/ml/rng.js";
import { parseCsvText } from "../src/io/csv/reader.js";
import { printTable } from "./table.js";

/** Standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

interface Synthetic {
  readonly header: string[];
  readonly truth: Float64Array;
}

/** Write `rows` rows with a known P(won); the target column is written when `withTarget`. */
export function writeTable(
  path: string,
  rows: number,
  features: number,
  seed: number,
  withTarget: boolean,
): Synthetic {
  const rng = new Rng(seed);
  const header = Array.from({ length: features }, (_, j) => `f${j}`);
  if (withTarget) header.push("outcome");
  const truth = new Float64Array(rows);
  const chunks: string[] = [`${header.join(",")}\n`];
  let text = "";
  const cells: string[] = new Array(features);
  const x = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) {
      const kind = j % 6;
      const missing = j % 4 === 1 && rng.next() < 0.15;
      if (kind === 0 || kind === 3) {
        const v = normal(rng);
        x[j] = v;
        cells[j] = missing ? "" : v.toFixed(4);
      } else if (kind === 1) {
        const v = Math.exp(2 + 1.5 * normal(rng));
        x[j] = Math.log(v);
        cells[j] = missing ? "NA" : j % 12 === 1 ? `$${v.toFixed(2)}` : v.toFixed(1);
      } else if (kind === 2) {
        const levels = [3, 8, 40, 300, 2000][Math.floor(j / 6) % 5] as number;
        const c = Math.floor(levels * rng.next() ** 2);
        x[j] = c;
        cells[j] = missing ? "" : `L${j}_${c}`;
      } else if (kind === 4) {
        const yes = rng.next() < 0.3;
        x[j] = yes ? 1 : 0;
        cells[j] = yes ? "Yes" : "No";
      } else {
        const day = Math.floor(rng.next() * 3650);
        x[j] = day / 3650;
        cells[j] = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      }
      if (missing) x[j] = Number.NaN;
    }
    // Known logit: main effects, a threshold, an interaction and category effects (missing = 0).
    const v = (j: number) => (Number.isNaN(x[j] as number) ? 0 : (x[j] as number));
    const z =
      -1.2 +
      0.8 * v(0) +
      0.6 * (v(1) - 2) +
      (v(2) % 3 === 0 ? 0.9 : -0.3) +
      (v(3) > 0.5 ? 0.7 : 0) +
      0.8 * v(4) +
      -0.9 * v(5) +
      0.5 * v(6) * v(9) +
      (features > 8 && v(8) < 2 ? 0.6 : 0);
    const p = 1 / (1 + Math.exp(-z));
    truth[i] = p;
    if (withTarget) cells[features] = rng.next() < p ? "won" : "lost";
    text += `${cells.join(",")}\n`;
    if (text.length > 1 << 20) {
      chunks.push(text);
      text = "";
    }
  }
  chunks.push(text);
  writeFileSync(path, chunks.join(""));
  return { header, truth };
}

function cli(args: string[]): { seconds: number; peak: number; cpu: number; stdout: string } {
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--max-semi-space-size=64", "bin/paydirt.js", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, PAYDIRT_TIMING: "1", PAYDIRT_QUIET: "1" },
      maxBuffer: 1 << 26,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0)
    throw new Error(`paydirt ${args[0]} ${args[1]} failed:\n${child.stdout}\n${child.stderr}`);
  const peak = Number(/peak memory\s+(\d+) MiB/.exec(child.stdout)?.[1] ?? Number.NaN);
  const cpu = Number(/cpu time\s+([\d.]+) s/.exec(child.stdout)?.[1] ?? Number.NaN);
  return { seconds, peak, cpu, stdout: child.stdout };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: "string", default: "1000000" },
      features: { type: "string", default: "30" },
      explain: { type: "string", default: "3" },
      keep: { type: "boolean", default: false },
    },
  });
  const rows = Number(values.rows);
  const features = Number(values.features);
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-model-"));
  try {
    console.log(
      `writing ${rows.toLocaleString("en-US")} x ${features} training and scoring files...`,
    );
    const train = join(dir, "train.csv");
    const test = join(dir, "test.csv");
    const model = join(dir, "model.json");
    const scores = join(dir, "scores.csv");
    writeTable(train, rows, features, 11, true);
    const { truth } = writeTable(test, rows, features, 12, false);
    const t = cli([
      "model",
      "train",
      "--data",
      train,
      "--target",
      "outcome",
      "--positive",
      "won",
      "--out",
      model,
    ]);
    console.log(t.stdout);
    const p = cli([
      "model",
      "predict",
      "--model",
      model,
      "--data",
      test,
      "--out",
      scores,
      "--explain",
      String(values.explain),
    ]);
    const parsed = parseCsvText(readFileSync(scores, "utf8"));
    const col = parsed.header.indexOf("score");
    const score = Float64Array.from(parsed.rows, (r) => Number(r.fields[col]));
    // Labels drawn from the known probabilities, for AUC and log-loss of the scores.
    const rng = new Rng(99);
    const labels = Int8Array.from(truth, (q) => (rng.next() < q ? 1 : 0));
    printTable([
      {
        step: "train",
        rows,
        seconds: t.seconds.toFixed(1),
        "cpu s": t.cpu.toFixed(1),
        "peak MiB": t.peak,
      },
      {
        step: "predict",
        rows,
        seconds: p.seconds.toFixed(1),
        "cpu s": p.cpu.toFixed(1),
        "peak MiB": p.peak,
      },
      {
        step: "train + predict",
        rows,
        seconds: (t.seconds + p.seconds).toFixed(1),
        "cpu s": (t.cpu + p.cpu).toFixed(1),
        "peak MiB": Math.max(t.peak, p.peak),
      },
    ]);
    printTable([
      {
        scores: "model",
        AUC: auc(labels, score).toFixed(4),
        "log-loss": logLoss(labels, score).toFixed(4),
        "calib. error vs truth": calibrationError(calibrationTable(truth, score)).toFixed(4),
        "mean |p - truth|": (
          score.reduce((s, v, i) => s + Math.abs(v - (truth[i] as number)), 0) / rows
        ).toFixed(4),
      },
      {
        scores: "truth (oracle)",
        AUC: auc(labels, truth).toFixed(4),
        "log-loss": logLoss(labels, truth).toFixed(4),
        "calib. error vs truth": "0",
        "mean |p - truth|": "0",
      },
    ]);
    console.log(
      "target: train + predict of 1,000,000 rows x 30 features in <= 60 s and <= 4,096 MiB",
    );
    if (values.keep) {
      writeFileSync(join(dir, "truth.json"), JSON.stringify(Array.from(truth)));
      console.log(`files kept in ${dir}`);
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}
