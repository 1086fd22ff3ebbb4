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

/**
 * Leads sent to a worker at a time: few enough that a chunk's results are posted before they
 * outlive the young generation (promoted results made the worker mark its whole index heap,
 * 0.5-1 s a time at a million accounts).
 */
const CHUNK = 250;
/** Young generation of a worker, MB (V8's default is 16 on 64-bit: more scavenges, more promotion). */
const YOUNG_MB = 48;

/** The fields of a lead the matcher reads (a lead row may carry many more, all cloned). */
function leadFields(l: MatchLead): MatchLead {
  return {
    id: l.id,
    email: l.email ?? null,
    company: l.company ?? null,
    website: l.website ?? null,
    country: l.country ?? null,
    state: l.state ?? null,
    postalCode: l.postalCode ?? null,
    employees: l.employees ?? null,
  };
}

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
            { eval: true, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } },
          )
        : new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
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
        let pending = 0;
        const send = () => {
          if (next >= leads.length) return;
          const from = next;
          next += CHUNK;
          pending++;
          w.postMessage({
            kind: "leads",
            id: from,
            leads: leads.slice(from, next).map(leadFields),
            options,
          });
        };
        const onMessage = (m: { kind: string; id: number; results: MatchResult[] }) => {
          const results = m.results;
          for (let i = 0; i < results.length; i++) out[m.id + i] = results[i] as MatchResult;
          pending--;
          send();
          if (pending === 0) {
            w.off("message", onMessage);
            w.off("error", reject);
            resolve();
          }
        };
        w.on("message", onMessage);
        w.once("error", reject);
        // Two chunks in flight, so a worker has the next one while its last results travel.
        send();
        send();
        if (pending === 0) {
          w.off("message", onMessage);
          w.off("error", reject);
          resolve();
        }
      });
    await Promise.all(this.workers.map(run));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
