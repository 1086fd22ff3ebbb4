/**
 * The forecast's Monte Carlo on two threads: groups (reps) are split by their expected work; this
 * thread simulates one share while a worker thread simulates the other, both into shared arrays.
 * Each group draws from its own stream, so the draws equal the single-thread ones exactly.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ForecastOptions, ForecastResult } from "../../core/forecast/forecast.js";
import { planForecast } from "../../core/forecast/forecast.js";
import {
  type Draws,
  groupCosts,
  type SimulationJob,
  simulate,
  simulateInto,
} from "../../core/forecast/montecarlo.js";
import type { Day, ForecastInput } from "../../core/forecast/types.js";
import type { SimulationPart } from "./simulate-worker.js";

/** Below this many deal-draws a worker costs more than it saves. */
const PARALLEL_FROM = 20_000_000;

/**
 * Simulate on two threads, or on this one when the job is small (below `minWork` deal-draws), the
 * machine has one core, or there is one group.
 */
export async function simulateParallel(
  job: SimulationJob,
  minWork = PARALLEL_FROM,
): Promise<Draws> {
  const work = (job.open.length + job.fresh.length) * job.draws;
  if (availableParallelism() < 2 || work < minWork || job.groups < 2)
    return simulate(job.groups, job.open, job.fresh, job.draws, job.seed, job.shock, job.newShock);
  const cost = groupCosts(job);
  const order = Array.from(cost.keys()).sort((a, b) => (cost[b] as number) - (cost[a] as number));
  const thread = new Uint8Array(job.groups);
  const load = [0, 0];
  for (const g of order) {
    const t = (load[0] as number) <= (load[1] as number) ? 0 : 1;
    thread[g] = t;
    load[t] = (load[t] as number) + (cost[g] as number);
  }
  const size = job.groups * job.draws * Float32Array.BYTES_PER_ELEMENT;
  const b1 = new SharedArrayBuffer(size);
  const b2 = new SharedArrayBuffer(size);
  const out = { period1: new Float32Array(b1), period2: new Float32Array(b2) };
  const part: SimulationPart = { job, period1: b1, period2: b2, thread, index: 1 };
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(
    fromSource ? "./simulate-worker.dev.mjs" : "./simulate-worker.js",
    import.meta.url,
  );
  const worker = new Worker(url, { workerData: part });
  const done = new Promise<void>((resolve, reject) => {
    worker.on("message", () => resolve());
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`forecast simulation worker exited with code ${code}`));
    });
  });
  try {
    simulateInto(job, out, (g) => thread[g] === 0);
    await done;
  } finally {
    await worker.terminate();
  }
  return { groups: job.groups, draws: job.draws, ...out };
}

/** `forecast` with its Monte Carlo on two threads (same result). */
export async function forecastParallel(
  input: ForecastInput,
  asOf: Day,
  options: ForecastOptions = {},
): Promise<ForecastResult> {
  const plan = planForecast(input, asOf, options);
  return plan.finish(await simulateParallel(plan.job));
}
