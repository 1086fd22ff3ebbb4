/**
 * `npm run bench -- route [--seconds S] [--connections C] [--pg URL]`: loopback load on
 * `paydirt serve` from autocannon (bounded: stops by itself after S seconds), every lead a new id
 * into ONE round-robin pool of 10 reps (the hardest case for the row locks).
 *   1. one process, embedded PGlite store;
 *   2. two processes over PostgreSQL (--pg URL or PAYDIRT_TEST_PG; skipped without one),
 *      each loaded by its own autocannon at the same time.
 * Accounts: 20,000 with realistic names; leads are synthetic form fills (most do not match).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { generateLeads, generateMatchAccounts } from "../src/synth/leads.js";
import { CsvWriter } from "../src/synth/writer.js";
import {
  type ServeProcess,
  startServe,
  stopServe,
  withScratchDatabase,
  writeOnePoolConfig,
} from "../test/serve-process.js";
import { printTable } from "./table.js";

const TOKEN = "bench-token";
function load(
  url: string,
  prefix: string,
  bodies: readonly string[],
  seconds: number,
  connections: number,
): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/v1/leads",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            body: (bodies[i % bodies.length] as string).replace("__ID__", `${prefix}-${i}`),
          };
        },
      },
    ],
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return null;
  }
}

/** Run the load on every server at once; measure throughput, latency and server CPU per lead. */
async function measure(
  name: string,
  servers: readonly ServeProcess[],
  bodies: readonly string[],
  seconds: number,
  connections: number,
  tag: string,
): Promise<Record<string, string | number>> {
  await Promise.all(servers.map((s, i) => load(s.url, `warm${tag}${i}`, bodies, 2, 4)));
  const cpu0 = servers.map((s) => cpuSeconds(s.child.pid));
  const results = await Promise.all(
    servers.map((s, i) =>
      load(s.url, `${tag}${i}`, bodies, seconds, Math.max(1, connections / servers.length)),
    ),
  );
  const cpu1 = servers.map((s) => cpuSeconds(s.child.pid));
  const ok = results.reduce((s, r) => s + r["2xx"], 0);
  const bad = results.reduce((s, r) => s + r.non2xx + r.errors, 0);
  const cpu = cpu0.every((c) => c !== null)
    ? cpu1.reduce<number>((s, c, i) => s + ((c ?? 0) - (cpu0[i] ?? 0)), 0)
    : null;
  return {
    case: name,
    "leads/s (2xx)": Math.round(ok / seconds),
    "p50 ms": Math.max(...results.map((r) => r.latency.p50)),
    "p99 ms": Math.max(...results.map((r) => r.latency.p99)),
    "server CPU ms/lead": cpu !== null && ok ? ((cpu * 1000) / ok).toFixed(2) : "",
    "non-2xx/errors": bad,
  };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "15" },
      connections: { type: "string", default: "16" },
      pg: { type: "string" },
      baseline: { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const pgUrl = values.pg ?? process.env.PAYDIRT_TEST_PG;
  // --baseline DIR: another checkout (e.g. the last commit, exported to /tmp) measured in the
  // same run, case by case, so before/after figures share the machine's load.
  const trees: { label: string; root?: string }[] = values.baseline
    ? [{ label: "before: ", root: values.baseline }, { label: "after: " }]
    : [{ label: "" }];
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-route-"));
  const children: ServeProcess[] = [];
  const spawnServe = async (args: string[], root?: string) => {
    const p = await startServe(args, TOKEN, root ? { root } : {});
    children.push(p);
    return p;
  };
  const rows: Record<string, string | number>[] = [];
  try {
    const accounts = generateMatchAccounts(1, 20_000);
    const w = new CsvWriter(join(dir, "accounts.csv"), [
      "account_id",
      "name",
      "domain",
      "state",
      "postal_code",
      "employees",
      "parent_account_id",
    ]);
    for (const a of accounts)
      w.row([a.id, a.name, a.domain, a.state, a.postalCode, a.employees, a.parentId]);
    w.close();
    const reps = Array.from({ length: 10 }, (_, i) => `R${i + 1}`);
    const config = writeOnePoolConfig(join(dir, "routing.json"), reps);
    const bodies = generateLeads(accounts, { seed: 9, count: 5000, asOf: "2026-06-30" }).map((l) =>
      JSON.stringify({
        id: "__ID__",
        email: l.email,
        company: l.company,
        website: l.website,
        state: l.state,
        country: l.country,
      }),
    );
    const common = ["--accounts", join(dir, "accounts.csv"), "--config", config, "--port", "0"];

    for (const [k, t] of trees.entries()) {
      const one = await spawnServe([...common, "--data", join(dir, `ops${k}`)], t.root);
      rows.push({
        ...(await measure(
          `${t.label}1 process, embedded PGlite`,
          [one],
          bodies,
          seconds,
          connections,
          `one${k}-`,
        )),
        target: ">= 1000/s, p99 <= 50",
      });
      await stopServe(one);
    }

    if (pgUrl) {
      const pg = (await import("pg")).default;
      for (const [k, t] of trees.entries())
        await withScratchDatabase(pgUrl, "paydirt_bench", async (url) => {
          const two = await Promise.all([
            spawnServe([...common, "--pg", url], t.root),
            spawnServe([...common, "--pg", url], t.root),
          ]);
          rows.push({
            ...(await measure(
              `${t.label}2 processes, PostgreSQL, one pool`,
              two,
              bodies,
              seconds,
              connections,
              `two${k}-`,
            )),
            target: ">= 1000/s, p99 <= 100",
          });
          await Promise.all(two.map((p) => stopServe(p)));
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          const turns = (
            await c.query("SELECT turns FROM pool_turns WHERE pool_id = 'inbound'")
          ).rows.map((r) => Number(r.turns));
          await c.end();
          rows.push({
            case: "  pool turns max - min",
            "non-2xx/errors": Math.max(...turns) - Math.min(...turns),
            target: "<= 1",
          });
        });
    } else {
      console.log("two-process case skipped: give --pg URL or set PAYDIRT_TEST_PG");
    }
    printTable(rows);
    console.log(
      `${connections} connections, ${seconds} s per case; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(
          " ",
        )} (2 shared cores: figures read low; server CPU ms/lead is the steadier measure of cost)`,
    );
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
