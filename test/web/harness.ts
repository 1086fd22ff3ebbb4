/**
 * Shared set-up of the web app's browser tests and benchmark: a small synthetic store (the demo
 * pipeline: synth, import, tal --save, plan create), the web app built from source with Vite,
 * the server on a free port, and Debian's chromium driven by playwright-core.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, chromium } from "playwright-core";
import { OpsStore } from "../../src/io/ops/store.js";
import { RoutingService } from "../../src/io/routing/service.js";
import { defaultConfig, loadWorld } from "../../src/io/routing/world.js";
import { Store } from "../../src/io/store/store.js";
import { createApp } from "../../src/server/app.js";
import { StoreHandle } from "../../src/server/store-handle.js";
import { mountWebApp, WEB_RESOURCES } from "../../src/server/web.js";

/** The browser the tests drive: PAYDIRT_CHROMIUM, else Debian's chromium; null when absent. */
export function chromiumPath(): string | null {
  const p = process.env.PAYDIRT_CHROMIUM ?? "/usr/bin/chromium";
  return existsSync(p) ? p : null;
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no chromium");
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A demo store with `accounts` accounts under `dir`, unless it is there already: `paydirt demo`
 * in a child process (so that no store stays open in this one).
 */
export async function makeStore(dir: string, accounts: number, reps: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "store.duckdb");
  if (existsSync(db)) return db;
  const args = ["--accounts", String(accounts), "--reps", String(reps), "--db", db];
  await run(process.execPath, [
    "--import",
    "tsx",
    join(ROOT, "src", "cli", "dev.ts"),
    "demo",
    ...args,
    "--out",
    join(dir, "market"),
    "--plan-seconds",
    "3",
  ]);
  return db;
}

const ROOT = join(import.meta.dirname, "..", "..");

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, _out, stderr) =>
      err ? reject(new Error(`${args.join(" ")} failed: ${stderr.slice(-2000)}`)) : resolve(),
    );
  });
}

/** Build the web app from source into `outDir` (what `npm run build` does into dist/web). */
export async function buildWebApp(outDir: string): Promise<string> {
  const { build } = await import("vite");
  await build({
    configFile: join(ROOT, "web", "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface Running {
  readonly url: string;
  readonly store: StoreHandle;
  close(): Promise<void>;
}

/**
 * The lead routing service of `paydirt serve` over the store's accounts and reps (default config,
 * books or owners as standings), on an in-memory operational store.
 */
async function routingOf(db: string): Promise<{ service: RoutingService; ops: OpsStore }> {
  const analytics = await Store.open(db, "read");
  let w: Awaited<ReturnType<typeof loadWorld>>;
  try {
    w = await loadWorld(analytics);
  } finally {
    analytics.close();
  }
  const config = defaultConfig(w);
  const reps = new Set([
    ...w.reps.map((r) => r.id),
    ...config.pools.flatMap((p) => p.members.map((m) => m.rep)),
  ]);
  const ops = await OpsStore.open({});
  await ops.prepare([...reps], config);
  for (const r of w.reps) if (!r.active) await ops.setAvailability({ id: r.id, active: false });
  if (w.standings.size) await ops.publishStandings(w.standings);
  return { service: new RoutingService(ops, w.accounts, config, reps), ops };
}

/** `paydirt serve`'s app (API + web app) on a free port of 127.0.0.1 (routing leads if asked). */
export async function startServer(
  db: string,
  token: string,
  webRoot: string,
  options: { routing?: boolean } = {},
): Promise<Running> {
  const routed = options.routing ? await routingOf(db) : null;
  const store = new StoreHandle(db);
  const app = createApp(
    { store, routing: routed?.service ?? null },
    { token, resources: WEB_RESOURCES },
  );
  mountWebApp(app, webRoot);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await routed?.ops.close();
    },
  };
}
