/**
 * The routing API in-process (`app.request`, no sockets): every bad input answers a 4xx with a
 * coded error and the path to the field and stores nothing; valid strings are stored verbatim;
 * a lead id is an idempotency key. With PAYDIRT_TEST_PG, a database that goes down answers 503,
 * writes nothing, and the service recovers when it returns.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRoutingConfig } from "../src/core/routing/rules/index.js";
import { OpsStore } from "../src/io/ops/store.js";
import { RoutingService } from "../src/io/routing/service.js";
import type { AnalyticsStore } from "../src/server/app.js";
import { createApp } from "../src/server/app.js";

const TOKEN = "test-token-123";
const REPS = ["R1", "R2", "R3"];
const ACCOUNTS = [
  { id: "A1", name: "Acme Widgets, Inc.", domain: "acme.com", state: "CA", employees: 500 },
  { id: "A2", name: "Globex Corporation", domain: "globex.com", state: "TX", employees: 9000 },
];
const config = (() => {
  const p = parseRoutingConfig(
    {
      version: 1,
      rules: [
        { kind: "book_owner" },
        { kind: "round_robin", pool: "inbound" },
        { kind: "fallback", queue: "unassigned" },
      ],
      pools: [{ id: "inbound", members: REPS.map((rep) => ({ rep })) }],
    },
    new Set(REPS),
  );
  if (!p.ok) throw new Error("config");
  return p.value;
})();

async function makeApp(store: OpsStore, maxBodyBytes = 4096) {
  await store.prepare(REPS, config);
  await store.publishStandings(
    new Map([
      ["A1", { bookOwner: "R2", bdr: null, patchOwner: "R2", stage: "core", source: "books" }],
    ]),
  );
  const service = new RoutingService(store, ACCOUNTS, config, new Set(REPS));
  // The routing routes never read the analytics store; any use of it here is a test failure.
  const unused = () => Promise.reject(new Error("the routing API read the analytics store"));
  const analytics: AnalyticsStore = { read: unused, write: unused, close: async () => {} };
  return createApp({ store: analytics, routing: service }, { token: TOKEN, maxBodyBytes });
}

const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

describe("routing API", () => {
  let store: OpsStore;
  let app: Awaited<ReturnType<typeof makeApp>>;
  beforeAll(async () => {
    store = await OpsStore.open({});
    app = await makeApp(store);
  });
  afterAll(async () => store?.close());

  const post = (path: string, body: string, headers: Record<string, string> = auth) =>
    app.request(path, { method: "POST", body, headers });
  const expectError = async (
    res: Response,
    status: number,
    code: string,
    path?: (string | number)[],
  ) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as {
      code: string;
      issues: { code: string; path?: (string | number)[] }[];
    };
    expect(body.code).toBe(code);
    if (path) expect(body.issues.map((i) => i.path)).toContainEqual(path);
    return body;
  };

  it("answers health without a token and publishes /openapi.json", async () => {
    const h = await app.request("/v1/health");
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: "ok", store: "pglite" });
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/leads",
        "/v1/leads/batch",
        "/v1/leads/{id}",
        "/v1/books/{rep_id}",
        "/v1/reps/{rep_id}/availability",
        "/v1/health",
      ]),
    );
  });

  it("routes a lead and answers the decision; the same id again returns it and assigns nothing", async () => {
    const first = await post(
      "/v1/leads",
      JSON.stringify({ id: "L1", email: "jane@acme.com", company: "ACME" }),
    );
    expect(first.status).toBe(200);
    const d = (await first.json()) as Record<string, unknown>;
    expect(d).toMatchObject({
      lead_id: "L1",
      account_id: "A1",
      owner_id: "R2",
      rule: "book_owner",
      created: true,
    });
    expect(d.match_confidence).toBeGreaterThan(0.9);
    const again = await post("/v1/leads", JSON.stringify({ id: "L1", email: "other@globex.com" }));
    expect({ ...((await again.json()) as object), created: true }).toEqual(d);
    const trail = (await (await app.request("/v1/leads/L1", { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    expect(trail).toMatchObject({ lead_id: "L1", owner_id: "R2", rule: "book_owner" });
    expect((trail.audit as unknown[]).length).toBe(1);
  });

  const bad: [
    string,
    () => Promise<Response> | Response,
    number,
    string,
    (string | number)[] | undefined,
  ][] = [
    [
      "no token",
      () => post("/v1/leads", JSON.stringify({ id: "x1" }), { "content-type": "application/json" }),
      401,
      "request_unauthorized",
      ["header", "authorization"],
    ],
    [
      "wrong token",
      () =>
        post("/v1/leads", JSON.stringify({ id: "x2" }), {
          ...auth,
          authorization: "Bearer nope",
        }),
      401,
      "request_unauthorized",
      undefined,
    ],
    [
      "malformed JSON",
      () => post("/v1/leads", '{"id": "x3",'),
      400,
      "request_invalid_json",
      ["body"],
    ],
    [
      "missing id",
      () => post("/v1/leads", JSON.stringify({ email: "a@b.com" })),
      400,
      "request_invalid",
      ["body", "id"],
    ],
    [
      "empty id",
      () => post("/v1/leads", JSON.stringify({ id: "" })),
      400,
      "request_invalid",
      ["body", "id"],
    ],
    [
      "wrong type",
      () => post("/v1/leads", JSON.stringify({ id: "x4", employees: "ten" })),
      400,
      "request_invalid",
      ["body", "employees"],
    ],
    [
      "negative size",
      () => post("/v1/leads", JSON.stringify({ id: "x5", employees: -3 })),
      400,
      "request_invalid",
      ["body", "employees"],
    ],
    ["not an object", () => post("/v1/leads", "[1,2]"), 400, "request_invalid", undefined],
    [
      "a NUL in the id (text cannot hold it)",
      () => post("/v1/leads", JSON.stringify({ id: "n\u00001" })),
      400,
      "request_invalid",
      ["body", "id"],
    ],
    [
      "a NUL deep in an extra field (kept as JSON)",
      () => post("/v1/leads", JSON.stringify({ id: "n2", utm: { tags: ["ok", "bad\u0000tag"] } })),
      400,
      "request_invalid",
      ["body", "utm", "tags", 1],
    ],
    [
      "a NUL in a lead asked for",
      () => app.request("/v1/leads/a%00b", { headers: auth }),
      400,
      "request_invalid",
      ["param", "id"],
    ],
    [
      "oversize body",
      () => post("/v1/leads", JSON.stringify({ id: "x6", company: "x".repeat(10_000) })),
      413,
      "request_too_large",
      ["body"],
    ],
    [
      "oversize body, judged by its Content-Length",
      () => {
        const body = JSON.stringify({ id: "x7", company: "x".repeat(10_000) });
        return post("/v1/leads", body, { ...auth, "content-length": String(body.length) });
      },
      413,
      "request_too_large",
      ["body"],
    ],
    [
      "bad lead in a batch",
      () =>
        post(
          "/v1/leads/batch",
          JSON.stringify({ leads: [{ id: "b1" }, { id: "b2", employees: 1.5 }] }),
        ),
      400,
      "request_invalid",
      ["body", "leads", 1, "employees"],
    ],
    [
      "empty batch",
      () => post("/v1/leads/batch", JSON.stringify({ leads: [] })),
      400,
      "request_invalid",
      ["body", "leads"],
    ],
    [
      "unknown rep",
      () =>
        app.request("/v1/reps/GHOST/availability", {
          method: "PUT",
          headers: auth,
          body: JSON.stringify({ active: false }),
        }),
      404,
      "rep_not_found",
      ["param", "rep_id"],
    ],
    [
      "bad time zone",
      () =>
        app.request("/v1/reps/R1/availability", {
          method: "PUT",
          headers: auth,
          body: JSON.stringify({
            working_hours: { time_zone: "Mars/Olympus", days: [1], start: "09:00", end: "17:00" },
          }),
        }),
      400,
      "request_invalid",
      ["body", "working_hours", "time_zone"],
    ],
    [
      "bad period",
      () =>
        app.request("/v1/reps/R1/availability", {
          method: "PUT",
          headers: auth,
          body: JSON.stringify({
            out_of_office: [{ from: "2026-06-02T00:00:00Z", to: "2026-06-01T00:00:00Z" }],
          }),
        }),
      400,
      "request_invalid",
      ["body", "out_of_office", 0],
    ],
    [
      "unknown field in availability",
      () =>
        app.request("/v1/reps/R1/availability", {
          method: "PUT",
          headers: auth,
          body: JSON.stringify({ vacation: true }),
        }),
      400,
      "request_invalid",
      undefined,
    ],
    [
      "unknown lead",
      () => app.request("/v1/leads/NOPE", { headers: auth }),
      404,
      "lead_not_found",
      ["param", "id"],
    ],
    [
      "unknown book",
      () => app.request("/v1/books/GHOST", { headers: auth }),
      404,
      "rep_not_found",
      ["param", "rep_id"],
    ],
    [
      "unknown route",
      () => app.request("/v1/nothing", { headers: auth }),
      404,
      "route_not_found",
      undefined,
    ],
  ];
  it.each(bad)("%s: a coded 4xx and nothing stored", async (_name, call, status, code, path) => {
    const before = await store.counts();
    await expectError(await call(), status, code, path);
    expect(await store.counts()).toEqual(before);
  });

  it("stores strings with SQL and HTML in them verbatim", async () => {
    const company = "Robert'); DROP TABLE leads;-- <img src=x onerror=alert(1)> Ünïcødé";
    const res = await post(
      "/v1/leads",
      JSON.stringify({ id: "<b>L-evil</b>'--", company, utm_source: "a&b" }),
    );
    expect(res.status).toBe(200);
    const got = (await (
      await app.request(`/v1/leads/${encodeURIComponent("<b>L-evil</b>'--")}`, { headers: auth })
    ).json()) as { inputs: { lead: { company: string } } };
    expect(got.inputs.lead.company).toBe(company);
  });

  it("a batch routes every lead in order; availability changes the next turns", async () => {
    const off = await app.request("/v1/reps/R1/availability", {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    const res = await post(
      "/v1/leads/batch",
      JSON.stringify({
        leads: Array.from({ length: 6 }, (_, i) => ({ id: `B${i}`, company: `Nobody ${i}` })),
      }),
    );
    expect(res.status).toBe(200);
    const { decisions } = (await res.json()) as {
      decisions: { lead_id: string; owner_id: string }[];
    };
    expect(decisions.map((d) => d.lead_id)).toEqual(["B0", "B1", "B2", "B3", "B4", "B5"]);
    expect(new Set(decisions.map((d) => d.owner_id))).toEqual(new Set(["R2", "R3"]));
    const book = (await (await app.request("/v1/books/R2", { headers: auth })).json()) as {
      accounts: { account_id: string }[];
      leads: unknown[];
    };
    expect(book.accounts.map((a) => a.account_id)).toEqual(["A1"]);
    expect(book.leads.length).toBeGreaterThan(0);
    await app.request("/v1/reps/R1/availability", {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ active: true }),
    });
  });
});

const PG = process.env.PAYDIRT_TEST_PG;
describe.skipIf(!PG)("routing API over PostgreSQL that goes down", () => {
  if (!PG)
    console.log(
      "server-routing: database-down case skipped (set PAYDIRT_TEST_PG to a URL to run it)",
    );
  it("answers 503 while the database is unreachable, stores nothing half, and recovers", async () => {
    const target = new URL(PG as string);
    const sockets = new Set<Socket>();
    let proxy: Server | null = null;
    const listen = (port: number) =>
      new Promise<number>((resolve) => {
        proxy = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          sockets.add(client).add(upstream);
          client.pipe(upstream).pipe(client);
          client.on("error", () => upstream.destroy());
          upstream.on("error", () => client.destroy());
        });
        const p = proxy;
        p.listen(port, "127.0.0.1", () => resolve((p.address() as { port: number }).port));
      });
    const stop = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        proxy?.close(() => resolve());
      });
    const port = await listen(0);
    const pg = (await import("pg")).default;
    const name = `paydirt_down_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const via = new URL(PG as string);
    via.port = String(port);
    via.hostname = "127.0.0.1";
    via.pathname = `/${name}`;
    const store = await OpsStore.open({ pg: via.toString() });
    try {
      const app = await makeApp(store);
      const send = (id: string) =>
        app.request("/v1/leads", {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ id, company: "Somebody" }),
        });
      expect((await send("up-1")).status).toBe(200);
      await stop();
      const down = await send("down-1");
      expect(down.status).toBe(503);
      expect(((await down.json()) as { code: string }).code).toBe("ops_store_unavailable");
      expect((await app.request("/v1/health")).status).toBe(503);
      await listen(port);
      const back = await send("down-1");
      expect(back.status).toBe(200);
      expect(((await back.json()) as { created: boolean }).created).toBe(true);
      expect(await store.counts()).toEqual({ leads: 2, decisions: 2 });
    } finally {
      await store.close();
      await stop();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe.skipIf(!PG)("routing service over PostgreSQL: group commit", () => {
  it("a batch waits briefly for the leads of clients answered by the one before", async () => {
    const { withScratchDatabase } = await import("./serve-process.js");
    await withScratchDatabase(PG as string, "paydirt_gather", async (url) => {
      const store = await OpsStore.open({ pg: url });
      try {
        await store.prepare(REPS, config);
        const service = new RoutingService(store, ACCOUNTS, config, new Set(REPS));
        const batches: number[] = [];
        const routeMany = store.routeMany.bind(store);
        store.routeMany = (inputs, plan, now) => {
          batches.push(inputs.length);
          return routeMany(inputs, plan, now);
        };
        const post = (id: string) => service.route({ id, company: "Nobody Ltd" });
        // eight clients at once: one batch of eight
        await Promise.all(Array.from({ length: 8 }, (_, i) => post(`g-${i}`)));
        // then four post, and the other four a moment later (well within the wait): one batch
        const late = new Promise<unknown>((resolve) =>
          setTimeout(
            () => resolve(Promise.all(Array.from({ length: 4 }, (_, i) => post(`g-late-${i}`)))),
            0,
          ),
        );
        await Promise.all([...Array.from({ length: 4 }, (_, i) => post(`g-early-${i}`)), late]);
        expect(batches).toEqual([8, 8]);
        // lone leads after a lull: each goes alone once the short wait ends (the target halves)
        for (let i = 0; i < 5; i++) await post(`g-lone-${i}`);
        expect(batches.slice(2)).toEqual([1, 1, 1, 1, 1]);
        const turns = [...(await store.poolTurns("inbound")).values()];
        expect(turns.reduce((a, b) => a + b, 0)).toBe(21);
        expect(Math.max(...turns) - Math.min(...turns)).toBeLessThanOrEqual(1);
      } finally {
        await store.close();
      }
    });
  });
});
