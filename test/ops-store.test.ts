/**
 * One contract suite for the operational store, run against embedded PGlite always and against a
 * PostgreSQL server when PAYDIRT_TEST_PG holds a URL (a fresh database is created and dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildRules,
  parseRoutingConfig,
  type RoutingConfig,
} from "../src/core/routing/rules/index.js";
import { OpsStore, type RouteInput, type RoutingPlan } from "../src/io/ops/store.js";

const PG = process.env.PAYDIRT_TEST_PG;
if (!PG)
  console.log(
    "ops-store: PostgreSQL server cases skipped (set PAYDIRT_TEST_PG to a URL to run them)",
  );

const REPS = ["R1", "R2", "R3", "B1"];
function plan(extra: Partial<Record<string, unknown>> = {}): RoutingPlan {
  const parsed = parseRoutingConfig(
    {
      version: 2,
      rules: [
        { kind: "book_owner" },
        { kind: "round_robin", pool: "inbound" },
        { kind: "fallback", queue: "unassigned" },
      ],
      pools: [{ id: "inbound", members: [{ rep: "R1" }, { rep: "R2" }, { rep: "R3" }], ...extra }],
    },
    new Set(REPS),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { config: parsed.value as RoutingConfig, rules: buildRules(parsed.value) };
}
const input = (id: string, payload: unknown = { id }): RouteInput => ({
  lead: { id },
  payload,
  match: { accountId: null, confidence: 0, evidence: [] },
  account: null,
});

/** A fresh PostgreSQL database for one suite; returns its URL and a dropper. */
async function freshPgDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const pg = (await import("pg")).default;
  const name = `paydirt_ops_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const engines: [
  string,
  () => Promise<{ open: () => Promise<OpsStore>; done: () => Promise<void> }>,
][] = [["pglite", async () => ({ open: () => OpsStore.open({}), done: async () => {} })]];
if (PG)
  engines.push([
    "postgres",
    async () => {
      const db = await freshPgDatabase(PG);
      return { open: () => OpsStore.open({ pg: db.url }), done: db.drop };
    },
  ]);

describe.each(engines)("operational store contract (%s)", (engine, setup) => {
  let store: OpsStore;
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    env = await setup();
    store = await env.open();
    await store.prepare(REPS, plan().config);
  });
  afterAll(async () => {
    await store?.close();
    await env?.done();
  });

  it("migrates idempotently (a second open changes nothing)", async () => {
    if (engine === "pglite") {
      // an in-memory PGlite is one database per open: migrate the same one twice instead
      const { migrateOps, OPS_SCHEMA_VERSION } = await import("../src/io/ops/migrations.js");
      expect(OPS_SCHEMA_VERSION).toBe(2);
      expect(await migrateOps(store.db)).toBe(OPS_SCHEMA_VERSION);
      expect(await store.db.query("SELECT version FROM ops_schema ORDER BY version")).toEqual([
        { version: 1 },
        { version: 2 },
      ]);
    } else {
      const again = await env.open();
      await again.close();
    }
    expect(await store.counts()).toEqual({ leads: 0, decisions: 0 });
  });

  it("routes a lead once: posting the same id again returns the first decision and assigns nothing", async () => {
    const p = plan();
    const first = await store.route(input("dup-1"), p);
    const turnsAfterFirst = await store.poolTurns("inbound");
    const again = await store.route(input("dup-1", { id: "dup-1", note: "changed" }), p);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.decision).toEqual(first.decision);
    expect(await store.poolTurns("inbound")).toEqual(turnsAfterFirst);
    const stored = await store.decision("dup-1");
    expect(stored?.decision.ownerId).toBe(first.decision.ownerId);
    expect(stored?.audit.map((a) => a.kind)).toEqual(["decision"]);
  });

  it("stores strings with SQL and HTML in them verbatim", async () => {
    const evil = "Robert'); DROP TABLE leads;-- <script>alert(1)</script> \u00e9\u{1F600}";
    const r = await store.route(
      {
        ...input("evil-1", { id: "evil-1", company: evil }),
        lead: { id: "evil-1", company: evil },
      },
      plan(),
    );
    expect(r.created).toBe(true);
    const back = await store.decision("evil-1");
    expect(back?.decision.inputs.lead.company).toBe(evil);
    expect((await store.counts()).leads).toBeGreaterThan(1);
  });

  it("concurrent routes: one decision per lead, round-robin counts within one", async () => {
    const p = plan();
    const before = await store.poolTurns("inbound");
    const ids = Array.from({ length: 120 }, (_, i) => `c-${i}`);
    // every lead twice, all at once
    const results = await Promise.all([...ids, ...ids].map((id) => store.route(input(id), p)));
    expect(results.filter((r) => r.created).length).toBe(ids.length);
    for (const id of ids) {
      const both = results.filter((r) => r.decision.leadId === id);
      expect(new Set(both.map((r) => r.decision.ownerId)).size).toBe(1);
    }
    const after = await store.poolTurns("inbound");
    const added = ["R1", "R2", "R3"].map((r) => (after.get(r) ?? 0) - (before.get(r) ?? 0));
    expect(added.reduce((a, b) => a + b, 0)).toBe(ids.length);
    const total = ["R1", "R2", "R3"].map((r) => after.get(r) ?? 0);
    expect(Math.max(...total) - Math.min(...total)).toBeLessThanOrEqual(1);
  });

  it("availability and caps are read inside the decision", async () => {
    await store.setAvailability({
      id: "R1",
      active: true,
      outOfOffice: [{ from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" }],
    });
    await store.setAvailability({ id: "R2", active: false });
    const owners = new Set<string | null>();
    for (let i = 0; i < 6; i++)
      owners.add((await store.route(input(`a-${i}`), plan())).decision.ownerId);
    expect([...owners]).toEqual(["R3"]);
    expect((await store.availability("R2"))?.active).toBe(false);
    // a daily cap already reached by R3 today sends the rest to the fallback queue
    const capped = plan({ dailyCap: 1 });
    const d = await store.route(input("cap-1"), capped);
    expect(d.decision.ownerId).toBeNull();
    expect(d.decision.queue).toBe("unassigned");
    expect(d.decision.candidates.find((c) => c.repId === "R3")?.why).toMatch(/daily cap/);
    await store.setAvailability({ id: "R1", active: true });
    await store.setAvailability({ id: "R2", active: true });
  });

  it("a failed decision leaves nothing behind", async () => {
    const boom: RoutingPlan = {
      ...plan(),
      rules: [
        {
          name: "boom",
          decide: () => {
            throw new Error("boom");
          },
        },
      ],
    };
    const before = await store.counts();
    const turns = await store.poolTurns("inbound");
    await expect(store.route(input("fail-1"), boom)).rejects.toThrow("boom");
    expect(await store.counts()).toEqual(before);
    expect(await store.poolTurns("inbound")).toEqual(turns);
    expect(await store.decision("fail-1")).toBeNull();
    // and the same id can be routed afterwards
    expect((await store.route(input("fail-1"), plan())).created).toBe(true);
  });

  it("uses the published standings for book owners", async () => {
    await store.publishStandings(
      new Map([
        ["ACC-1", { bookOwner: "R2", bdr: null, patchOwner: "R2", stage: "core", source: "books" }],
      ]),
    );
    const r = await store.route(
      { ...input("book-1"), match: { accountId: "ACC-1", confidence: 0.95, evidence: [] } },
      plan(),
    );
    expect(r.decision.rule).toBe("book_owner");
    expect(r.decision.ownerId).toBe("R2");
    expect(r.decision.inputs.standing?.source).toBe("books");
  });

  it("caps count days in the rule set's time zone (capTimeZone)", async () => {
    // 23:00 on June 1 and 01:00 on June 2 in New York: one UTC day, two New York days
    const late = new Date("2026-06-02T03:00:00Z");
    const early = new Date("2026-06-02T05:00:00Z");
    const only = (tz?: string) => {
      const parsed = parseRoutingConfig(
        {
          version: 3,
          ...(tz ? { capTimeZone: tz } : {}),
          rules: [
            { kind: "round_robin", pool: `tz-${tz ?? "utc"}` },
            { kind: "fallback", queue: "unassigned" },
          ],
          pools: [{ id: `tz-${tz ?? "utc"}`, members: [{ rep: "B1" }], dailyCap: 1 }],
        },
        new Set(REPS),
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return { config: parsed.value, rules: buildRules(parsed.value) };
    };
    const ny = only("America/New_York");
    await store.prepare(REPS, ny.config);
    expect((await store.route(input("tz-1"), ny, late)).decision.ownerId).toBe("B1");
    expect((await store.route(input("tz-2"), ny, early)).decision.ownerId).toBe("B1"); // a new New York day
    const third = await store.route(input("tz-3"), ny, new Date("2026-06-02T20:00:00Z"));
    expect(third.decision.ownerId).toBeNull(); // still June 2 in New York: cap reached
    expect(third.decision.candidates[0]?.why).toMatch(/daily cap 1/);
    // the same two instants in UTC are one day: the cap holds the second lead back
    const utc = only();
    await store.prepare(REPS, utc.config);
    const d = new Date("2026-06-09T03:00:00Z");
    expect((await store.route(input("tz-4"), utc, d)).decision.ownerId).toBe("B1");
    const e = new Date("2026-06-09T05:00:00Z");
    expect((await store.route(input("tz-5"), utc, e)).decision.ownerId).toBeNull();
    expect(parseRoutingConfig({ ...utc.config, capTimeZone: "Mars/Olympus_Mons" }).ok).toBe(false);
  });

  it("keeps the audit for 90 days", async () => {
    const later = new Date(Date.now() + 91 * 86_400_000);
    expect(await store.purgeAudit(90, later)).toBeGreaterThan(0);
    expect((await store.decision("dup-1"))?.audit).toEqual([]);
  });
});

describe.skipIf(!PG)("two stores over one PostgreSQL (as two processes)", () => {
  it("never pass a daily cap shared across pools, however their decisions interleave", {
    timeout: 120_000,
  }, async () => {
    const db = await freshPgDatabase(PG as string);
    const a = await OpsStore.open({ pg: db.url, process: "a" });
    const b = await OpsStore.open({ pg: db.url, process: "b" });
    try {
      // R2 is in both pools; every member may take 3 leads a day from all pools together
      const parsed = parseRoutingConfig(
        {
          version: 1,
          rules: [
            { kind: "round_robin", pool: "us", when: { countries: ["US"] } },
            { kind: "round_robin", pool: "world" },
            { kind: "fallback", queue: "unassigned" },
          ],
          pools: [
            { id: "us", members: [{ rep: "R1" }, { rep: "R2" }], dailyCap: 3 },
            { id: "world", members: [{ rep: "R2" }, { rep: "R3" }], dailyCap: 3 },
          ],
        },
        new Set(REPS),
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const p = { config: parsed.value, rules: buildRules(parsed.value) };
      await a.prepare(REPS, p.config);
      await b.prepare(REPS, p.config);
      const now = new Date("2026-06-03T15:00:00Z");
      const lead = (i: number): RouteInput => ({
        ...input(`cap-race-${i}`),
        lead: { id: `cap-race-${i}`, country: i % 2 ? "US" : "DE" },
      });
      const all = await Promise.all(
        Array.from({ length: 80 }, (_, i) => (i % 2 ? a : b).route(lead(i), p, now)),
      );
      const per = new Map<string, number>();
      for (const r of all)
        if (r.decision.ownerId) per.set(r.decision.ownerId, (per.get(r.decision.ownerId) ?? 0) + 1);
      expect(Object.fromEntries(per)).toEqual({ R1: 3, R2: 3, R3: 3 });
      expect(all.filter((r) => r.decision.queue === "unassigned").length).toBe(80 - 9);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});

describe("embedded store start-up", () => {
  it("a new data directory starts from the cached template of a migrated store and keeps what is written", {
    timeout: 180_000,
  }, async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const root = mkdtempSync(join(tmpdir(), "paydirt-ops-start-"));
    try {
      const first = await OpsStore.open({ dataDir: join(root, "a") }); // saves the template when missing
      await first.close();
      const t0 = performance.now();
      const store = await OpsStore.open({ dataDir: join(root, "b") }); // from the template
      const startMs = performance.now() - t0;
      await store.prepare(REPS, plan().config);
      await store.route(input("kept-1"), plan());
      await store.close();
      const again = await OpsStore.open({ dataDir: join(root, "b") });
      expect(await again.counts()).toEqual({ leads: 1, decisions: 1 });
      expect((await again.decision("kept-1"))?.decision.rule).toBe("round_robin(inbound)");
      expect(await again.poolTurns("inbound")).toEqual(
        new Map([
          ["R1", 1],
          ["R2", 0],
          ["R3", 0],
        ]),
      );
      await again.close();
      console.log(`embedded store from the template: ${Math.round(startMs)} ms`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("parameters written into SQL text (sent with BEGIN or COMMIT in one round trip)", () => {
  it("read back exactly as the same parameters bound", async () => {
    const { inlineParams, openPglite } = await import("../src/io/ops/sql.js");
    const db = await openPglite();
    try {
      const sql = `SELECT $1::text AS a, $2::text[] AS b, $3::jsonb[] AS c, $4::jsonb AS d, $5::date AS e,
        $6::boolean AS f, $7::float8 AS g, $8::text AS h, $9::text[] AS i, $10::timestamptz AS j`;
      const nasty = `x'); DROP TABLE leads; -- \\' \\\\ "q" <b>é</b> $1 $$ E'\\n'`;
      const params = [
        nasty,
        ["it's", "back\\slash", "", nasty],
        [JSON.stringify({ s: nasty, n: [1, 2.5, null] })],
        JSON.stringify({ k: "\\u0041 \\\\ '" }),
        "2026-12-02",
        true,
        -0.125,
        null,
        [],
        "2026-12-02T05:00:00.000Z",
      ];
      const text = inlineParams({ sql, params });
      const [inlined] = await db.query(text);
      const [bound] = await db.query(sql, params);
      expect(inlined).toEqual(bound);
      expect((inlined as { a: string }).a).toBe(nasty);
      expect(() => inlineParams({ sql: "SELECT $2", params: [1] })).toThrow(/\$2/);
      // a NUL would end the text early: refused, as PostgreSQL refuses it in a bound parameter
      expect(() => inlineParams({ sql: "SELECT $1::text", params: ["a\0b"] })).toThrow(/0x00/);
      await expect(db.query("SELECT $1::text", ["a\0b"])).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
