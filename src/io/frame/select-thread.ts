import { Worker } from "node:worker_threads";
import type { Evaluation, SelectionJob } from "../../core/scoring/ml/train.js";

/** Run a selection cross-validation in a worker thread (through tsx from TypeScript sources). */
export function selectInWorker(job: SelectionJob): Promise<Evaluation> {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(
    fromSource ? "./select-worker.dev.mjs" : "./select-worker.js",
    import.meta.url,
  );
  const worker = new Worker(url, { workerData: job });
  return new Promise((resolve, reject) => {
    worker.on("message", (e: Evaluation) => resolve(e));
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`model selection worker exited with code ${code}`));
    });
  });
}
