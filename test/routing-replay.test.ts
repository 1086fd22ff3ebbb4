/**
 * `paydirt route replay`: leads routed into an embedded store under rule set v1 (with a rep going
 * out of office mid-way) are replayed. Through v1 itself nothing changes (the replay rebuilds the
 * turns, caps and availability each lead saw); through v2 the changes and their reasons match
 * test/golden/routing/replay.json. Nothing is written to the store or its audit trail.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/routing-replay.test.ts`
 * and review the diff.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay } from "../src/core/routing/replay.js";
import { buildRules, parseRoutingConfig } from "../src/core/routing/rules/index.js";
import { OpsStore, type RouteInput } from "../src/io/ops/store.js";
import { cli } from "./run-cli.js";

const REPS = ["R1", "R2", "R3", "R4"];
const V1 = {
  version: 1,
  name: "live",
  rules: [
    { kind: "book_owner" },
    { kind: "round_robin", pool: "inbound" },
    { kind: "fallback", queue: "unassigned" },
  ],
  pools: [{ id: "inbound", members: [{ rep: "R1" }, { rep: "R2" }, { rep: "R3" }] }],
};
const V2 = {
  version: 2,
  name: "proposed",
  capTimeZone: "America/Los_Angeles",
  rules: [
    { kind: "book_owner" },
    { kind: "territory" },
    { kind: "round_robin", pool: "inbound" },
    { kind: "fallback", queue: "unassigned" },
  ],
  pools: [
    {
      id: "inbound",
      members: [{ rep: "R1" }, { rep: "R2", weight: 2 }, { rep: "R3" }],
      dailyCap: 2,
    },
  ],
  territories: [{ id: "west", rep: "R4", match: { states: ["CA", "OR", "WA"] } }],
};
const plan = (json: unknown) => {
  const p = parseRoutingConfig(json, new Set(REPS));
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return { config: p.value, rules: buildRules(p.value) };
};

const LEADS: { id: string; at: string; state?: string; account?: string }[] = [
  { id: "L01", at: "2026-06-01T16:00:00Z", state: "CA" },
  { id: "L02", at: "2026-06-01T16:05:00Z", state: "TX" },
  { id: "L03", at: "2026-06-01T16:10:00Z", account: "A1" },
  { id: "L04", at: "2026-06-01T17:00:00Z", state: "NY" },
  { id: "L05", at: "2026-06-01T18:00:00Z", state: "WA" },
  { id: "L06", at: "2026-06-01T19:00:00Z", state: "TX" },
  { id: "L07", at: "2026-06-02T02:00:00Z", state: "TX" }, // still June 1 in Los Angeles
  { id: "L08", at: "2026-06-02T16:00:00Z", state: "TX" }, // R3 is out of office from 15:00
  { id: "L09", at: "2026-06-02T16:30:00Z", state: "OR" },
  { id: "L10", at: "2026-06-02T17:00:00Z", state: "FL" },
  { id: "L11", at: "2026-06-02T18:00:00Z", account: "A1" },
  { id: "L12", at: "2026-06-03T16:00:00Z", state: "IL" },
];

describe("route replay", () => {
  const root = mkdtempSync(join(tmpdir(), "paydirt-replay-"));
  const data = join(root, "ops");
  let store: OpsStore;
  beforeAll(async () => {
    store = await OpsStore.open({ dataDir: data });
    const v1 = plan(V1);
    await store.prepare(REPS, v1.config);
    await store.publishStandings(
      new Map([
        ["A1", { bookOwner: "R2", bdr: null, patchOwner: "R2", stage: "core", source: "books" }],
      ]),
    );
    for (const l of LEADS) {
      if (l.id === "L08")
        await store.setAvailability(
          {
            id: "R3",
            active: true,
            outOfOffice: [{ from: "2026-06-02T15:00:00Z", to: "2026-06-03T00:00:00Z" }],
          },
          new Date("2026-06-02T15:00:00Z"),
        );
      const input: RouteInput = {
        lead: { id: l.id, state: l.state ?? null, country: "US" },
        payload: { id: l.id, state: l.state },
        match: l.account
          ? { accountId: l.account, confidence: 0.97, evidence: [] }
          : { accountId: null, confidence: 0, evidence: [] },
        account: null,
      };
      await store.route(input, v1, new Date(l.at));
    }
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("through the rule set that decided them changes nothing", async () => {
    const v1 = plan(V1);
    const h = await store.history(null, null);
    expect(h.leads.map((l) => l.lead.id)).toEqual(LEADS.map((l) => l.id));
    const r = replay(h.leads, v1.rules, 1, h.start);
    expect(r.changes).toEqual([]);
    // and from the middle of the history: the turns and availability before it are rebuilt
    const later = await store.history("2026-06-02T00:00:00Z", null);
    expect(later.leads.length).toBe(6);
    expect(replay(later.leads, v1.rules, 1, later.start).changes).toEqual([]);
  });

  it("through a proposed rule set reports what changes and why (golden), writing nothing", async () => {
    const before = {
      counts: await store.counts(),
      turns: await store.poolTurns("inbound"),
      audit: (await store.db.query("SELECT count(*) AS n FROM audit"))[0],
    };
    const v2 = plan(V2);
    const h = await store.history(
      "2026-06-01T00:00:00Z",
      "2026-06-03T00:00:00Z",
      "America/Los_Angeles",
    );
    const r = replay(h.leads, v2.rules, 2, h.start, "America/Los_Angeles");
    expect(r.leads).toBe(11);
    const file = join(import.meta.dirname, "golden/routing/replay.json");
    const text = `${JSON.stringify({ changes: r.changes, byRule: Object.fromEntries(r.byRule) }, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, "utf8"));
    expect(await store.counts()).toEqual(before.counts);
    expect(await store.poolTurns("inbound")).toEqual(before.turns);
    expect((await store.db.query("SELECT count(*) AS n FROM audit"))[0]).toEqual(before.audit);
  });

  it("paydirt route replay prints the changes and writes them as CSV", async () => {
    await store.close(); // an embedded store belongs to one process at a time
    const config = join(root, "v2.json");
    writeFileSync(config, JSON.stringify(V2));
    const out = join(root, "changes.csv");
    const r = await cli(
      "route",
      "replay",
      "--data",
      data,
      "--from",
      "2026-06-01",
      "--to",
      "2026-06-03",
      "--config",
      config,
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    const golden = JSON.parse(
      readFileSync(join(import.meta.dirname, "golden/routing/replay.json"), "utf8"),
    ) as { changes: { leadId: string }[] };
    expect(r.out).toContain(`${golden.changes.length} decision(s) would change`);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines.length).toBe(golden.changes.length + 1);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(golden.changes.map((c) => c.leadId));
    const missing = await cli(
      "route",
      "replay",
      "--data",
      join(root, "nowhere"),
      "--config",
      config,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/no operational store/);
    store = await OpsStore.open({ dataDir: data });
    expect((await store.counts()).decisions).toBe(LEADS.length);
  }, 120_000);
});
