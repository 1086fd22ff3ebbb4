import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { serve } from "@hono/node-server";
import { PaydirtError } from "../../core/errors.js";
import { ServeRequest } from "../../core/requests/serve.js";
import type { MatchAccount } from "../../core/routing/match/types.js";
import type { RouteAccount, RoutingConfig } from "../../core/routing/rules/index.js";
import { OpsStore } from "../../io/ops/store.js";
import { readAccountsCsv } from "../../io/routing/read.js";
import { RoutingService } from "../../io/routing/service.js";
import {
  defaultConfig,
  loadWorld,
  type RoutingWorld,
  readRoutingConfig,
} from "../../io/routing/world.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type AnalyticsStore, createApp, type Resource } from "../../server/app.js";
import { StoreHandle } from "../../server/store-handle.js";
import { mountWebApp, WEB_RESOURCES } from "../../server/web.js";
import type { Command } from "../command.js";
import { type Flag, parseRequest } from "../options.js";

const usage = `usage: paydirt serve [--port N] [--host H] [--db STORE | --accounts ACCOUNTS.csv] [--pg URL | --data DIR]
                     [--token TOKEN] [--config ROUTING.json] [--max-body BYTES]

Serves the lead routing API (all under /v1; the OpenAPI document at /openapi.json):
  POST /v1/leads            match and route one lead (its id is the idempotency key)
  POST /v1/leads/batch      up to 500 leads
  GET  /v1/leads/{id}       the stored decision, its trail, candidates and evidence
  GET  /v1/books/{rep_id}   a rep's book and the leads routed to them
  PUT  /v1/reps/{rep_id}/availability   active, out of office, working hours, skills
  GET  /v1/health           no token needed

Every route but health needs "Authorization: Bearer TOKEN" (--token or PAYDIRT_TOKEN; without
either, a random token is printed at start). The web app (overview, ICP segments, target accounts,
territories with hand edits) is served at / from the same store (built by npm run build).
Accounts, reps and account standings (books, or owners when no books were refreshed) are read
once from the analytics store (--db, read-only) or from an accounts CSV (--accounts).
The operational store (leads, decisions, round-robin turns, caps, availability, audit) is an
embedded PGlite database in --data DIR (default ./paydirt-ops), or a PostgreSQL server with
--pg URL, which lets several serve processes share one state.
--config: a routing config (JSON; rules, pools, territories; see README). Default: book owner,
lifecycle (BDR pool of the active BDRs), round-robin over the active AEs, queue "unassigned".`;

/** Resources other parts of the product serve on the same app (the web app adds its own here). */
export const EXTRA_RESOURCES: Resource[] = [...WEB_RESOURCES];

async function world(values: { db?: string; accounts?: string }): Promise<RoutingWorld> {
  if (values.accounts) {
    const { accounts } = readAccountsCsv(values.accounts);
    return {
      accounts: accounts as (MatchAccount & RouteAccount)[],
      reps: [],
      standings: new Map(),
    };
  }
  const store = await openStoreForReading(values.db ?? DEFAULT_STORE);
  try {
    return await loadWorld(store);
  } finally {
    store.close();
  }
}

function config(file: string | undefined, w: RoutingWorld): RoutingConfig {
  return file ? readRoutingConfig(file, w) : defaultConfig(w);
}

/** `paydirt serve` flags and the request they fill (src/core/requests/serve.ts). */
const FLAGS = {
  schema: ServeRequest,
  flags: {
    port: { type: "number" },
    host: { type: "string" },
    db: { type: "string" },
    accounts: { type: "string" },
    pg: { type: "string" },
    data: { type: "string" },
    token: { type: "string" },
    config: { type: "string" },
    "max-body": { type: "number" },
    "pool-size": { type: "number" },
  } satisfies Record<string, Flag>,
};

export const command: Command = {
  name: "serve",
  summary: "serve the lead routing API (embedded store, or PostgreSQL for several processes)",
  usage,
  async run(argv) {
    const values = parseRequest(argv, FLAGS);
    const { port, maxBody } = values;
    // No token given: a random one, printed below (the web app asks for it once per tab).
    const token =
      values.token ?? process.env.PAYDIRT_TOKEN ?? randomBytes(18).toString("base64url");
    const w = await world(values);
    const cfg = config(values.config, w);
    const reps = new Set([
      ...w.reps.map((r) => r.id),
      ...cfg.pools.flatMap((p) => p.members.map((m) => m.rep)),
      ...cfg.territories.flatMap((t) => (t.rep ? [t.rep] : [])),
    ]);
    const store = await OpsStore.open({
      ...(values.pg ? { pg: values.pg } : { dataDir: values.data ?? "paydirt-ops" }),
      process: `${hostname()}:${process.pid}`,
      ...(values.poolSize !== undefined ? { poolSize: values.poolSize } : {}),
    });
    await store.prepare([...reps], cfg);
    for (const r of w.reps) if (!r.active) await store.setAvailability({ id: r.id, active: false });
    if (w.standings.size) await store.publishStandings(w.standings);
    const service = new RoutingService(store, w.accounts, cfg, reps);
    const unused = () =>
      Promise.reject(
        PaydirtError.of("not_found", "route_not_found", "this server has no analytics store"),
      );
    const dbPath = values.accounts ? undefined : (values.db ?? DEFAULT_STORE);
    // The web app's reads (overview, lists, plans) and plan edits go to the analytics store.
    const analytics: AnalyticsStore =
      dbPath && existsSync(dbPath)
        ? new StoreHandle(dbPath)
        : { read: unused, write: unused, close: async () => {} };
    const app = createApp(
      { store: analytics, routing: service },
      { token, maxBodyBytes: maxBody, resources: EXTRA_RESOURCES },
    );
    mountWebApp(app);
    const server = serve({ fetch: app.fetch, port, hostname: values.host });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    console.log(
      `paydirt serve: http://${values.host}:${actual}/v1 (${w.accounts.length} accounts, ${reps.size} reps, config v${cfg.version}, store ${values.pg ? "PostgreSQL" : `PGlite ${values.data ?? "paydirt-ops"}`})`,
    );
    console.log(`web app: open http://${values.host}:${actual}/ in a browser`);
    if (!values.token && !process.env.PAYDIRT_TOKEN)
      console.log(`token (no --token or PAYDIRT_TOKEN given, so a random one): ${token}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close(() => resolve());
        setTimeout(resolve, 2000).unref();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await store.close();
    await analytics.close();
    return 0;
  },
};
