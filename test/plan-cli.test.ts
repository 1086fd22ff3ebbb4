import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import { parseScenarioConfig } from "../src/core/planning/scenario/config.js";
import { createScenario } from "../src/io/plan/create.js";
import { listScenarios } from "../src/io/plan/scenarios.js";
import { Store } from "../src/io/store/store.js";
import { cliError } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-plan-"));
const db = join(dir, "market.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  try {
    return { code: await main(args), out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function config(name: string, body: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** Ids of the synthetic market's reps whose role passes `keep`, in file order. */
function repIds(keep: (role: string) => boolean): string[] {
  const [head = "", ...lines] = readFileSync(join(dir, "market", "reps.csv"), "utf8")
    .trim()
    .split("\n");
  const role = head.split(",").indexOf("role");
  return lines
    .map((l) => l.split(","))
    .filter((f) => keep(f[role] ?? ""))
    .map((f) => f[0] ?? "");
}

const measures = [
  { name: "potential", column: "annual_revenue", transform: "sqrt", tolerance: 0.15 },
  { name: "accounts", count: true, tolerance: 0.15 },
];
/** The org tests' plan: AEs, a quick heuristic run, open deals free to move. */
const orgPlan = {
  measures,
  roles: ["AE"],
  solver: "heuristic",
  timeLimit: 2,
  lockOpenOpportunities: false,
};

beforeAll(async () => {
  const market = join(dir, "market");
  expect(
    (await cli("synth", "--accounts", "600", "--reps", "8", "--seed", "3", "--out", market)).code,
  ).toBe(0);
  expect((await cli("import", "all", market, "--db", db)).code).toBe(0);
}, 60_000);

describe("paydirt plan", () => {
  it("creates, compares and exports scenarios", async () => {
    const base = { measures, roles: ["AE"], solver: "heuristic", timeLimit: 1 };
    const a = await cli("plan", "create", "A", "--config", config("a", base), "--db", db);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/scenario A stored/);
    expect(a.out).toMatch(/status\s+feasible/);
    expect(a.out).toMatch(/potential: worst deviation/);
    const b = await cli(
      "plan",
      "create",
      "B",
      "--config",
      config("b", { ...base, weights: { balance: 1, compactness: 0.2, disruption: 5 } }),
      "--db",
      db,
    );
    expect(b.code).toBe(0);
    expect(
      await cliError("plan", "create", "A", "--config", config("a", base), "--db", db),
    ).toMatchObject({ kind: "conflict", code: "scenario_exists" });
    const list = await cli("plan", "list", "--db", db);
    expect(list.out).toMatch(/A\s/);
    const cmp = await cli("plan", "compare", "A", "B", "--db", db);
    expect(cmp.code).toBe(0);
    expect(cmp.out).toMatch(/metric\s+A\s+B/);
    expect(cmp.out).toMatch(/accounts have different owners in A and B/);
    const csv = join(dir, "a.csv");
    const geo = join(dir, "a.geojson");
    expect(
      (await cli("plan", "export", "A", "--csv", csv, "--geojson", geo, "--db", db)).code,
    ).toBe(0);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines[0]).toBe("account_id,new_owner_id,old_owner_id,changed,reason");
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(600);
    for (const l of lines.slice(1)) expect(l.split(",")[1]).toMatch(/^R\d+/);
    const fc = JSON.parse(readFileSync(geo, "utf8")) as { type: string; features: unknown[] };
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features.length).toBeGreaterThan(0);
  }, 60_000);

  it("plans with the organisation of the config: regions by team, a named account, a named-only rep", async () => {
    const market = join(dir, "market");
    const [first = "", strategic = ""] = repIds((role) => role === "AE");
    const accountIds = readFileSync(join(market, "accounts.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0] ?? "");
    const [named1, named2] = [accountIds[10] ?? "", accountIds[20] ?? ""];
    const body = {
      ...orgPlan,
      org: {
        regions: "team",
        regionTolerance: 0.3,
        named: [
          { account: named1, rep: first },
          { account: named2, rep: strategic },
        ],
        namedOnly: [strategic],
      },
    };
    const r = await cli("plan", "create", "ORG", "--config", config("org", body), "--db", db);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/status\s+feasible/);
    const csv = join(dir, "org.csv");
    expect((await cli("plan", "export", "ORG", "--csv", csv, "--db", db)).code).toBe(0);
    const owner = new Map(
      readFileSync(csv, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => [l.split(",")[0], l.split(",")[1]] as const),
    );
    expect(owner.get(named1)).toBe(first);
    expect([...owner].filter(([, o]) => o === strategic).map(([a]) => a)).toEqual([named2]);
    // A named account that is not an account: nothing stored.
    const wrong = { ...body, org: { ...body.org, named: [{ account: "NOPE", rep: first }] } };
    expect(
      await cliError("plan", "create", "BAD", "--config", config("bad", wrong), "--db", db),
    ).toMatchObject({ code: "org_named_unknown_account" });
    expect((await cli("plan", "list", "--db", db)).out).not.toMatch(/BAD/);
  }, 60_000);

  it("plans overlay specialists from the config over the AE patches, proves coverage, and stores nothing for an unknown specialist", async () => {
    // The non-AEs of the market (a manager and a BDR) serve as the line's two specialists.
    const specialists = repIds((role) => role !== "AE");
    expect(specialists.length).toBe(2);
    const body = {
      ...orgPlan,
      org: {
        overlays: [
          { product: "enterprise", column: "employees", above: 49, specialists, tolerance: 0.5 },
        ],
      },
    };
    const r = await cli("plan", "create", "OV", "--config", config("ov", body), "--db", db);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toMatch(/status\s+feasible/);
    expect(r.out).toMatch(/overlay enterprise\s+2 specialists over 6 AE patches/);
    expect(r.out).toMatch(/coverage\s+complete: ([\d,]+) of \1 pairs, 0 gaps, 0 overlaps/);
    expect(r.out).toMatch(/coverage: roles per account\s+AE, overlay:enterprise/);
    const shown = await cli("plan", "show", "OV", "--db", db);
    expect(shown.out).toMatch(
      /enterprise specialist\s+AEs\s+employees of target\s+accounts of target/,
    );
    for (const id of specialists) expect(shown.out).toMatch(new RegExp(`${id}\\s+R\\d+`));
    // The specialists take no territory of their own.
    const csv = join(dir, "ov.csv");
    expect((await cli("plan", "export", "OV", "--csv", csv, "--db", db)).code).toBe(0);
    const owners = readFileSync(csv, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[1]);
    expect(owners.length).toBe(600);
    for (const o of owners) expect(specialists).not.toContain(o);
    // An unknown specialist: a coded error naming the config entry, nothing stored.
    const wrong = {
      ...body,
      org: { overlays: [{ ...body.org.overlays[0], specialists: [specialists[0], "R9999"] }] },
    };
    expect(
      await cliError("plan", "create", "OVBAD", "--config", config("ovbad", wrong), "--db", db),
    ).toMatchObject({
      issues: [
        {
          code: "org_unknown_rep",
          path: { json: ["org", "overlays", 0, "specialists", 1] },
          ids: { rep_id: "R9999" },
        },
      ],
    });
    expect((await cli("plan", "list", "--db", db)).out).not.toMatch(/OVBAD/);
  }, 60_000);

  it("refuses a rep in two regions and a named account listed twice by their codes, storing nothing", async () => {
    const base = { measures, roles: ["AE"], solver: "heuristic", timeLimit: 1 };
    const before = (await cli("plan", "list", "--db", db)).out;
    const twoRegions = {
      ...base,
      org: { regions: { west: ["R0003", "R0004"], east: ["R0004", "R0005"] } },
    };
    const e1 = await cliError(
      "plan",
      "create",
      "TWO",
      "--config",
      config("two", twoRegions),
      "--db",
      db,
    );
    expect(e1?.issues).toEqual([
      expect.objectContaining({
        code: "org_rep_in_two_teams",
        ids: { rep_id: "R0004" },
        path: expect.objectContaining({ json: ["org", "regions", "east", 0] }),
      }),
    ]);
    const namedTwice = {
      ...base,
      org: {
        named: [
          { account: "A0000001", rep: "R0003" },
          { account: "A0000001", rep: "R0004" },
        ],
      },
    };
    const e2 = await cliError(
      "plan",
      "create",
      "DUP",
      "--config",
      config("dup", namedTwice),
      "--db",
      db,
    );
    expect(e2?.issues).toEqual([
      expect.objectContaining({
        code: "org_named_duplicate",
        ids: { account_id: "A0000001" },
        path: expect.objectContaining({ json: ["org", "named", 1, "account"] }),
      }),
    ]);
    expect(
      (await cli("plan", "create", "DUP", "--config", config("dup", namedTwice), "--db", db)).code,
    ).toBe(1);
    // The store's scenarios are as they were.
    expect((await cli("plan", "list", "--db", db)).out).toBe(before);
  }, 60_000);

  it("explains an impossible request and a bad config", async () => {
    const bad = await cli(
      "plan",
      "create",
      "X",
      "--config",
      config("x", { measures: [{ name: "m" }] }),
      "--db",
      db,
    );
    expect(bad.code).toBe(1);
    const e = await cliError(
      "plan",
      "create",
      "X",
      "--config",
      config("x", { measures: [{ name: "m" }] }),
      "--db",
      db,
    );
    expect(e?.issues.map((i) => [i.code, i.path?.json?.join(".")])).toEqual([
      ["config_invalid", "measures.0"],
    ]);
    const tight = config("t", {
      measures: [{ name: "accounts", count: true, tolerance: 0.0001 }],
      roles: ["AE"],
      solver: "heuristic",
      timeLimit: 1,
      lockOpenOpportunities: false,
    });
    const r = await cli("plan", "create", "T", "--config", tight, "--db", db);
    expect(r.code).toBe(1);
    const stored = await Store.open(db, "read");
    try {
      const head = await stored.db.one<{ status: string; issues: string }>(
        "SELECT status, CAST(issues AS VARCHAR) AS issues FROM plan_scenarios WHERE name = 'T'",
      );
      // The best plan found breaks the tolerance: stored for inspection with its coded issues.
      expect(head?.status).toBe("invalid");
      const issues = JSON.parse(head?.issues ?? "[]") as { code: string; ids: { rule?: string } }[];
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) {
        expect(["tolerance_exceeded", "more_violations"]).toContain(i.code);
        expect(i.ids.rule).toMatch(/^tolerance\(accounts/);
      }
    } finally {
      stored.close();
    }
  }, 60_000);

  it("stops when its run context is aborted, storing nothing", async () => {
    const parsed = parseScenarioConfig({
      measures,
      roles: ["AE"],
      solver: "heuristic",
      timeLimit: 1,
    });
    if (!parsed.ok) throw new Error("bad config");
    const store = await Store.open(db, "write");
    const stop = new AbortController();
    const phases: string[] = [];
    try {
      await expect(
        createScenario(
          store.db,
          "Stopped",
          parsed.config,
          { replace: false },
          {
            signal: stop.signal,
            onProgress: (e) => {
              phases.push(e.phase);
              stop.abort();
            },
          },
        ),
      ).rejects.toMatchObject({ kind: "unavailable", code: "aborted" });
      expect(phases.length).toBeGreaterThan(0);
      expect((await listScenarios(store.db)).map((r) => r.name)).not.toContain("Stopped");
    } finally {
      store.close();
    }
  }, 60_000);
});
