/**
 * Lead matching on several worker threads (offline lists: `paydirt match`). Each worker builds its
 * own index over the accounts (an index is plain memory per thread; a million accounts take a few
 * hundred MB each) and matches chunks of leads; results come back in the leads' order, the same as
 * one Matcher gives (matching a lead reads nothing but the index).
 */
import { Worker } from "node:worker_threads";
import type {
  MatchAccount,
  MatchLead,
  MatchOptions,
  MatchResult,
} from "../../core/routing/match/types.js";

/** Leads sent to a worker at a time. */
const CHUNK = 2000;

export class MatchPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Start `n` workers and build their indexes (resolves when every one is ready). */
  static async start(accounts: readonly MatchAccount[], n: number): Promise<MatchPool> {
    // From source (tsx, vitest) the worker is a .ts file: it registers the tsx loader first.
    const fromSource = import.meta.url.endsWith(".ts");
    const url = new URL(`./match-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
    const spawn = () =>
      fromSource
        ? new Worker(
            `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`,
            { eval: true },
          )
        : new Worker(url);
    const workers = Array.from({ length: n }, spawn);
    const pool = new MatchPool(workers);
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once("error", reject);
              w.once("message", () => resolve());
              w.postMessage({ kind: "accounts", accounts });
            }),
        ),
      );
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Match leads (in chunks spread over the workers); results in the leads' order. */
  async match(leads: readonly MatchLead[], options: MatchOptions = {}): Promise<MatchResult[]> {
    const out: MatchResult[] = new Array(leads.length);
    let next = 0;
    const run = (w: Worker) =>
      new Promise<void>((resolve, reject) => {
        const send = () => {
          if (next >= leads.length) {
            w.off("message", onMessage);
            w.off("error", reject);
            resolve();
            return;
          }
          const from = next;
          next += CHUNK;
          w.postMessage({ kind: "leads", id: from, leads: leads.slice(from, next), options });
        };
        const onMessage = (m: { kind: string; id: number; results: MatchResult[] }) => {
          m.results.forEach((r, i) => {
            out[m.id + i] = r;
          });
          send();
        };
        w.on("message", onMessage);
        w.once("error", reject);
        send();
      });
    await Promise.all(this.workers.map(run));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
