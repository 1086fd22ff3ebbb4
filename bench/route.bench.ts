/**
 * `npm run bench -- route [--seconds S] [--connections C] [--pg URL]`: loopback load on
 * `paydirt serve` from autocannon (bounded: stops by itself after S seconds), every lead a new id
 * into ONE round-robin pool of 10 reps (the hardest case for the row locks).
 *   1. one process, embedded PGlite store;
 *   2. two processes over PostgreSQL (--pg URL or PAYDIRT_TEST_PG; skipped without one),
 *      each loaded by its own autocannon at the same time.
 * Accounts: 20,000 with realistic names; leads are synthetic form fills (most do not match).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { generateLeads, generateMatchAccounts } from "../src/synth/leads.js";
import { CsvWriter } from "../src/synth/writer.js";
import { printTable } from "./table.js";

const TOKEN = "bench-token";

function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "../src/cli/dev.ts"), "serve", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PAYDIRT_TOKEN: TOKEN },
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

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

const row = (name: string, results: autocannon.Result[], seconds: number) => {
  const ok = results.reduce((s, r) => s + r["2xx"], 0);
  const bad = results.reduce((s, r) => s + r.non2xx + r.errors, 0);
  return {
    case: name,
    "leads/s (2xx)": Math.round(ok / seconds),
    "p50 ms": Math.max(...results.map((r) => r.latency.p50)),
    "p99 ms": Math.max(...results.map((r) => r.latency.p99)),
    "non-2xx/errors": bad,
  };
};

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "15" },
      connections: { type: "string", default: "16" },
      pg: { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const pgUrl = values.pg ?? process.env.PAYDIRT_TEST_PG;
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-route-"));
  const children: ChildProcess[] = [];
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
    writeFileSync(
      join(dir, "routing.json"),
      JSON.stringify({
        version: 1,
        rules: [
          { kind: "round_robin", pool: "inbound" },
          { kind: "fallback", queue: "unassigned" },
        ],
        pools: [{ id: "inbound", members: reps.map((rep) => ({ rep })) }],
      }),
    );
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
    const common = [
      "--accounts",
      join(dir, "accounts.csv"),
      "--config",
      join(dir, "routing.json"),
      "--port",
      "0",
    ];

    const one = await start([...common, "--data", join(dir, "ops")]);
    children.push(one.child);
    await load(one.url, "warm", bodies, 2, 4);
    rows.push({
      ...row(
        "1 process, embedded PGlite",
        [await load(one.url, "one", bodies, seconds, connections)],
        seconds,
      ),
      target: ">= 1000/s, p99 <= 50",
    });
    one.child.kill("SIGTERM");

    if (pgUrl) {
      const pg = (await import("pg")).default;
      const name = `paydirt_bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const u = new URL(pgUrl);
        u.pathname = `/${name}`;
        const a = await start([...common, "--pg", u.toString()]);
        const b = await start([...common, "--pg", u.toString()]);
        children.push(a.child, b.child);
        await Promise.all([load(a.url, "wa", bodies, 2, 4), load(b.url, "wb", bodies, 2, 4)]);
        const both = await Promise.all([
          load(a.url, "a", bodies, seconds, connections / 2),
          load(b.url, "b", bodies, seconds, connections / 2),
        ]);
        rows.push({
          ...row("2 processes, PostgreSQL, one pool", both, seconds),
          target: ">= 1000/s, p99 <= 100",
        });
        a.child.kill("SIGTERM");
        b.child.kill("SIGTERM");
        const c = new pg.Client({ connectionString: u.toString() });
        await c.connect();
        const turns = (
          await c.query("SELECT turns FROM pool_turns WHERE pool_id = 'inbound'")
        ).rows.map((r) => Number(r.turns));
        await c.end();
        rows.push({
          case: "  pool turns max - min",
          "leads/s (2xx)": "",
          "p50 ms": "",
          "p99 ms": "",
          "non-2xx/errors": Math.max(...turns) - Math.min(...turns),
          target: "<= 1",
        });
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    } else {
      console.log("two-process case skipped: give --pg URL or set PAYDIRT_TEST_PG");
    }
    printTable(rows);
    console.log(
      `${connections} connections, ${seconds} s per case; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} (2 shared cores: figures read low)`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
