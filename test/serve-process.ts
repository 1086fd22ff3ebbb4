/**
 * Set-up shared by the route benchmark and the multi-process routing test: start `paydirt serve`
 * (from source) as a child process, write a one-pool routing config, and make a scratch
 * PostgreSQL database that is dropped afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A running `paydirt serve` child and its base URL (`http://127.0.0.1:PORT`). */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Start `paydirt serve ARGS` with `PAYDIRT_TOKEN=token`; resolves once it listens, rejects when
 * it exits first (with its stderr). `nodeArgs` go to node itself (e.g. `--cpu-prof`).
 */
export function startServe(
  args: readonly string[],
  token: string,
  options: {
    nodeArgs?: readonly string[];
    env?: Record<string, string>;
    /** Checkout whose source to run (default this one; the route bench compares against another). */
    root?: string;
  } = {},
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--import",
      "tsx",
      join(options.root ?? join(import.meta.dirname, ".."), "src/cli/dev.ts"),
      "serve",
      ...args,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env, PAYDIRT_TOKEN: token },
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

/** Stop a child and wait until it has exited (SIGTERM lets serve close its store). */
export function stopServe(p: ServeProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once("exit", () => resolve());
    p.child.kill(signal);
  });
}

/** Write a routing config with one round-robin pool `inbound` of `reps` (equal weights, no caps), then a fallback queue. */
export function writeOnePoolConfig(file: string, reps: readonly string[]): string {
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      rules: [
        { kind: "round_robin", pool: "inbound" },
        { kind: "fallback", queue: "unassigned" },
      ],
      pools: [{ id: "inbound", members: reps.map((rep) => ({ rep })) }],
    }),
  );
  return file;
}

/**
 * Create a scratch database on the server of `pgUrl`, run `fn` with its URL, then drop it
 * (FORCE: even with connections of killed processes left open).
 */
export async function withScratchDatabase<T>(
  pgUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const pg = (await import("pg")).default;
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
