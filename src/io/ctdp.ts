/**
 * CTDP benchmark files: parse an instance (errors name file:line:column), write and read a
 * solution (whitespace-separated territory ids in unit order), and solve on worker threads.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { PaydirtError } from "../core/errors.js";
import { issue } from "../core/issues.js";
import {
  type CtdpInstance,
  type CtdpSolution,
  compareObjectives,
  makeInstance,
  solveCtdp,
} from "../core/planning/ctdp/index.js";

/** A malformed CTDP file; the message reads `file:line:column: reason`. */
export class CtdpFormatError extends PaydirtError {
  constructor(file: string, line: number, column: number | undefined, reason: string) {
    super("invalid", [
      issue("ctdp_format", reason, { path: { file, line, ...(column ? { column } : {}) } }),
    ]);
  }
}

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

class Tokens {
  private readonly list: Token[] = [];
  private i = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const re = /\S+/g;
    const lines = text.split(/\r?\n/);
    for (let l = 0; l < lines.length; l++) {
      for (const m of (lines[l] ?? "").matchAll(re)) {
        this.list.push({ text: m[0], line: l + 1, column: (m.index ?? 0) + 1 });
      }
    }
  }

  fail(t: Token | undefined, reason: string): never {
    if (!t) {
      const last = this.list[this.list.length - 1];
      throw new CtdpFormatError(
        this.file,
        last ? last.line : 1,
        undefined,
        `unexpected end of file: ${reason}`,
      );
    }
    throw new CtdpFormatError(this.file, t.line, t.column, reason);
  }

  number(what: string): number {
    const t = this.list[this.i++];
    if (!t) return this.fail(t, `expected ${what}`);
    const v = Number(t.text);
    if (!Number.isFinite(v)) this.fail(t, `expected ${what}, found '${t.text}'`);
    return v;
  }

  int(what: string, min: number, max: number): number {
    const t = this.list[this.i];
    const v = this.number(what);
    if (!Number.isInteger(v)) this.fail(t, `expected an integer ${what}, found '${t?.text}'`);
    if (v < min || v > max) this.fail(t, `${what} ${v} is outside ${min}..${max}`);
    return v;
  }

  peek(): Token | undefined {
    return this.list[this.i];
  }

  get done(): boolean {
    return this.i >= this.list.length;
  }
}

/** Parse the text of a CTDP instance file; `file` names it in error messages. */
export function parseCtdpInstance(text: string, file = "<input>"): CtdpInstance {
  const tk = new Tokens(text, file);
  const n = tk.int("number of units", 1, 50_000_000);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n * 3);
  for (let u = 0; u < n; u++) {
    const t = tk.peek();
    const id = tk.int(`unit id (line ${u + 1} of ${n})`, 0, n - 1);
    if (id !== u) tk.fail(t, `expected unit id ${u}, found ${id} (units must be listed in order)`);
    x[u] = tk.number(`x of unit ${u}`);
    y[u] = tk.number(`y of unit ${u}`);
    for (let a = 0; a < 3; a++) {
      const tw = tk.peek();
      const v = tk.number(`activity ${a + 1} of unit ${u}`);
      if (v < 0) tk.fail(tw, `activity ${a + 1} of unit ${u} is negative (${v})`);
      w[u * 3 + a] = v;
    }
  }
  const m = tk.int("number of edges", 0, 1_000_000_000);
  const edges = new Int32Array(m * 2);
  for (let e = 0; e < m; e++) {
    edges[2 * e] = tk.int(`edge ${e} first unit`, 0, n - 1);
    edges[2 * e + 1] = tk.int(`edge ${e} second unit`, 0, n - 1);
  }
  const pt = tk.peek();
  const p = tk.int("number of territories p", 1, n);
  tk.number("the unused field after p");
  const tau = new Float64Array(3);
  for (let a = 0; a < 3; a++) {
    const t = tk.peek();
    tau[a] = tk.number(`tolerance tau${a + 1}`);
    if ((tau[a] ?? 0) < 0) tk.fail(t, `tolerance tau${a + 1} is negative`);
  }
  if (!tk.done) tk.fail(tk.peek(), "unexpected text after the tolerances");
  for (let a = 0; a < 3; a++) {
    let total = 0;
    for (let u = 0; u < n; u++) total += w[u * 3 + a] ?? 0;
    if (total <= 0) tk.fail(pt, `activity ${a + 1} sums to zero, so balance is undefined`);
  }
  return makeInstance({ p, x, y, w, tau, edges });
}

/** Read and parse a CTDP instance file. */
export function readCtdpInstance(path: string): CtdpInstance {
  return parseCtdpInstance(readFileSync(path, "utf8"), path);
}

/** Solution text: territory ids separated by spaces, in unit order, newline-terminated. */
export function formatCtdpSolution(assignment: ArrayLike<number>): string {
  return `${Array.from(assignment).join(" ")}\n`;
}

/** Write a solution file. */
export function writeCtdpSolution(path: string, assignment: ArrayLike<number>): void {
  writeFileSync(path, formatCtdpSolution(assignment));
}

/** Parse a solution file's text (ids are checked against the instance by evaluateSolution). */
export function parseCtdpSolution(text: string, file = "<solution>"): Int32Array {
  const tk = new Tokens(text, file);
  const ids: number[] = [];
  while (!tk.done) ids.push(tk.int("territory id", 0, 2 ** 31 - 1));
  return Int32Array.from(ids);
}

/**
 * Search time left of a wall-clock limit once `elapsedMs` have gone (reading the file, starting
 * up), keeping a margin of 150 ms + 1% for worker shutdown, checking and writing the answer.
 */
export function searchBudgetMs(limitMs: number, elapsedMs: number): number {
  return Math.max(0, limitMs - elapsedMs - (150 + 0.01 * limitMs));
}

/** Options of a parallel solve. */
export interface ParallelSolveOptions {
  readonly timeLimitMs: number;
  readonly seed?: number;
  /** Independent searches to run (default: min(2, cores), 1 under 1.5 s); 1 runs in this thread. */
  readonly workers?: number;
  readonly onImprove?: (best: CtdpSolution) => void;
  /** Told about a worker that crashed or overran (the search goes on with the others' results). */
  readonly onWorkerError?: (err: Error) => void;
}

interface WorkerJob {
  readonly ctdpSolveJob: true;
  readonly inst: CtdpInstance;
  /** Absolute deadline (Date.now() clock, shared by all threads). */
  readonly deadlineEpochMs: number;
  readonly seed: number;
}

type WorkerMessage = { kind: "improve" | "done"; solution: CtdpSolution };

/**
 * Start a solve worker running this module. From TypeScript source (tests, `tsx`), loader hooks
 * do not reach worker threads in Node 20, so the worker registers tsx itself before importing.
 */
function startWorker(job: WorkerJob): Worker {
  let tsx: string | undefined;
  if (import.meta.url.endsWith(".ts")) {
    try {
      tsx = import.meta.resolve("tsx/esm/api");
    } catch {
      tsx = "tsx/esm/api";
    }
  }
  const boot = `const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})();`;
  return new Worker(boot, { eval: true, workerData: { ...job, url: import.meta.url, tsx } });
}

/**
 * Run independent multistart searches (different seeds) on worker threads and keep the best;
 * with one worker the search runs in the calling thread.
 */
export async function solveCtdpParallel(
  inst: CtdpInstance,
  opts: ParallelSolveOptions,
): Promise<CtdpSolution> {
  // Starting a worker costs a few hundred milliseconds: not worth it for very short budgets.
  const count =
    opts.timeLimitMs < 1500 && opts.workers === undefined
      ? 1
      : Math.max(1, opts.workers ?? Math.min(2, availableParallelism()));
  const seed = opts.seed ?? 1;
  if (count === 1) {
    return solveCtdp(inst, {
      timeLimitMs: opts.timeLimitMs,
      now: () => performance.now(),
      seed,
      ...(opts.onImprove ? { onImprove: opts.onImprove } : {}),
    });
  }
  const start = performance.now();
  const deadlineEpochMs = Date.now() + opts.timeLimitMs;
  let best: CtdpSolution | undefined;
  let starts = 0;
  const offer = (s: CtdpSolution): void => {
    if (best && compareObjectives(s, best) >= 0) return;
    best = s;
    opts.onImprove?.(s);
  };
  const failures: Error[] = [];
  const runs = Array.from({ length: count }, (_, i) => {
    const job: WorkerJob = { ctdpSolveJob: true, inst, deadlineEpochMs, seed: seed + 7919 * i };
    const worker = startWorker(job);
    return new Promise<void>((resolve) => {
      // A worker still busy shortly after the deadline is stopped: its improvements arrived already.
      const watchdog = setTimeout(
        () => {
          finish(new Error("ctdp worker overran the deadline and was stopped"));
          void worker.terminate();
        },
        Math.max(0, deadlineEpochMs - Date.now()) + 100,
      );
      let finished = false;
      const finish = (err?: Error): void => {
        if (finished) return;
        finished = true;
        clearTimeout(watchdog);
        if (err) failures.push(err);
        resolve();
      };
      worker.on("message", (m: WorkerMessage) => {
        // Time to best on this thread's clock: workers start a little after the call.
        if (m.kind === "improve") offer({ ...m.solution, timeToBestMs: performance.now() - start });
        else {
          starts += m.solution.starts;
          offer(m.solution);
          finish();
        }
      });
      worker.on("error", (err) => finish(err));
      worker.on("exit", (code) =>
        finish(code === 0 ? undefined : new Error(`ctdp worker exited with ${code}`)),
      );
    });
  });
  await Promise.all(runs);
  for (const err of failures) opts.onWorkerError?.(err);
  if (!best) {
    // Every worker failed before reporting: search here with what is left of the time.
    return solveCtdp(inst, {
      timeLimitMs: Math.max(0, deadlineEpochMs - Date.now()),
      now: () => performance.now(),
      seed,
      ...(opts.onImprove ? { onImprove: opts.onImprove } : {}),
    });
  }
  return { ...best, starts };
}

// Worker side: when this module is loaded as a solve worker, run the job and report back.
if (!isMainThread && parentPort && (workerData as WorkerJob | undefined)?.ctdpSolveJob) {
  const job = workerData as WorkerJob;
  const port = parentPort;
  const solution = solveCtdp(job.inst, {
    timeLimitMs: Math.max(0, job.deadlineEpochMs - Date.now()),
    now: () => performance.now(),
    seed: job.seed,
    onImprove: (s) => port.postMessage({ kind: "improve", solution: s } satisfies WorkerMessage),
  });
  port.postMessage({ kind: "done", solution } satisfies WorkerMessage);
}
