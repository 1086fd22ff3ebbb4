/**
 * Shared set-up of the web app's browser tests and benchmark: a small synthetic store (the demo
 * pipeline: synth, import, tal --save, plan create), the web app built from source with Vite,
 * the server on a free port, and Debian's chromium driven by playwright-core.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, chromium } from "playwright-core";
import { command as demo } from "../../src/cli/commands/demo.js";
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

/** A demo store with `accounts` accounts under `dir` (quietly), unless it is there already. */
export async function makeStore(dir: string, accounts: number, reps: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "store.duckdb");
  if (existsSync(db)) return db;
  const log = console.log;
  console.log = () => {};
  try {
    const code = await demo.run([
      "--accounts",
      String(accounts),
      "--reps",
      String(reps),
      "--db",
      db,
      "--out",
      join(dir, "market"),
      "--plan-seconds",
      "3",
    ]);
    if (code !== 0) throw new Error(`demo exited ${code}`);
  } finally {
    console.log = log;
  }
  return db;
}

/** Build the web app from source into `outDir` (what `npm run build` does into dist/web). */
export async function buildWebApp(outDir: string): Promise<string> {
  const { build } = await import("vite");
  await build({
    configFile: join(import.meta.dirname, "..", "..", "web", "vite.config.ts"),
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

/** `paydirt serve`'s app (API + web app) on a free port of 127.0.0.1. */
export async function startServer(db: string, token: string, webRoot: string): Promise<Running> {
  const store = new StoreHandle(db);
  const app = createApp({ store, routing: null }, { token, resources: WEB_RESOURCES });
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
    },
  };
}
