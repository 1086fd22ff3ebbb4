import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asPaydirtError } from "../src/cli/exit.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { computeLoads } from "../src/core/planning/problem.js";
import { buildScenario } from "../src/core/planning/scenario/build.js";
import { parseScenarioConfig } from "../src/core/planning/scenario/config.js";
import { areaMarket } from "../src/core/planning/synthetic.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { parseCsvText } from "../src/io/csv/reader.js";
import { usZips } from "../src/io/plan/zips.js";
import { cli, cliError } from "./run-cli.js";

/** Whether every rep's units form one connected piece over the geography's edges. */
function connected(n: number, edges: readonly (readonly [number, number])[], assign: Int32Array) {
  const nbr: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    nbr[a]?.push(b);
    nbr[b]?.push(a);
  }
  const seen = new Uint8Array(n);
  const piecesOf = new Map<number, number>();
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const r = assign[s] ?? -1;
    piecesOf.set(r, (piecesOf.get(r) ?? 0) + 1);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      for (const v of nbr[stack.pop() ?? 0] ?? []) {
        if (!seen[v] && assign[v] === r) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
  }
  return [...piecesOf.values()].every((c) => c === 1);
}

describe("ZIP patches", () => {
  it("the US ZIP geography: every ZIP of a state once, one connected graph, neighbours nearby", () => {
    const geo = usZips();
    expect(geo.ids.length).toBeGreaterThan(40_000);
    expect(new Set(geo.ids).size).toBe(geo.ids.length);
    for (const id of geo.ids) expect(id).toMatch(/^\d{5}$/);
    expect(connected(geo.ids.length, geo.edges, new Int32Array(geo.ids.length))).toBe(true);
    // Triangulation neighbours: about three per ZIP, and they lie in the same or a touching county
    // except for the few bridges that keep the graph connected.
    expect(geo.edges.length / geo.ids.length).toBeGreaterThan(2.5);
    expect(geo.edges.length / geo.ids.length).toBeLessThan(3);
    expect(geo.bridged).toBeLessThan(0.001 * geo.ids.length);
    const i = geo.ids.indexOf("80302"); // Boulder, CO
    expect(geo.state[i]).toBe("CO");
    expect(geo.county[i]).toBe("08013");
  });

  it("plans one state's ZIPs into connected, balanced patches the validator accepts", () => {
    const geo = usZips(["CO"]);
    expect(new Set(geo.state)).toEqual(new Set(["CO"]));
    const { accounts, reps } = areaMarket(geo, 5, 8);
    const parsed = parseScenarioConfig({
      measures: [
        { name: "potential", column: "revenue", tolerance: 0.1 },
        { name: "accounts", count: true, tolerance: 0.1 },
      ],
      units: "zips",
      contiguity: true,
    });
    if (!parsed.ok) throw new Error("config");
    const model = buildScenario(parsed.config, accounts, reps, geo);
    const { problem, rules } = model;
    expect(problem.n).toBe(geo.ids.length);
    // Every account sits in its own ZIP.
    accounts.forEach((a, i) => {
      expect(geo.ids[model.unitOf[i] ?? -1]).toBe(a.area);
    });
    const res = solveHeuristic(problem, rules, { timeLimit: 6, seed: 2 });
    expect(res.issues).toEqual([]);
    expect(res.status).toBe("feasible");
    const assign = res.assign ?? new Int32Array(0);
    expect(connected(problem.n, geo.edges, assign)).toBe(true);
    const loads = computeLoads(problem, assign);
    const m = problem.measureNames.length;
    for (let r = 0; r < problem.p; r++)
      for (let k = 0; k < m; k++) {
        const t = problem.targets[r * m + k] ?? 0;
        expect(Math.abs((loads[r * m + k] ?? 0) - t)).toBeLessThanOrEqual(0.1 * t + 1e-6);
      }
    expect(validatePlan(problem, rules, assign).valid).toBe(true);
    // A broken patch is caught by the validator: move one unit next to another rep's patch away.
    const broken = Int32Array.from(assign);
    const [a, b] = geo.edges.find(([x, y]) => assign[x] !== assign[y]) ?? [0, 0];
    const island = geo.edges.find(
      ([x, y]) => assign[x] === assign[a] && assign[y] === assign[a] && x !== a && y !== a,
    );
    if (island) {
      broken[island[0]] = assign[b] ?? 0;
      expect(validatePlan(problem, rules, broken).valid).toBe(false);
    }
  }, 60_000);
});

describe("lockedAreas: ZIPs pinned to a rep", () => {
  const geo = usZips(["CO"]);
  const { accounts, reps } = areaMarket(geo, 3, 4);
  const build = (lockedAreas: Record<string, string>, locked: Record<string, string> = {}) => {
    const parsed = parseScenarioConfig({
      measures: [{ name: "accounts", count: true }],
      units: "zips",
      lockOpenOpportunities: false,
      lockedAreas,
      locked,
    });
    if (!parsed.ok) throw new Error("config");
    return buildScenario(parsed.config, accounts, reps, geo);
  };
  const refusal = (lockedAreas: Record<string, string>, locked: Record<string, string> = {}) => {
    try {
      build(lockedAreas, locked);
    } catch (e) {
      return asPaydirtError(e).issues;
    }
    return [];
  };

  it("pins a ZIP (and its accounts) to its rep, read as accounts' ZIPs are read", () => {
    const zip = accounts[0]?.area ?? "";
    const rep = reps[1]?.id ?? "";
    const model = build({ [`${zip}-0001`]: rep });
    const u = geo.ids.indexOf(zip);
    expect(model.lockTo[u]).toBe(1);
    expect(model.lockReason[0]).toBe("locked area");
    const res = solveHeuristic(model.problem, model.rules, { timeLimit: 1, seed: 1 });
    expect(res.assign?.[u]).toBe(1);
  });

  it("names a ZIP outside the data set and an unknown rep, by code and config entry", () => {
    // (Object keys that read as integers come first: the order of the issues follows the keys.)
    const issues = refusal({ "00000": reps[0]?.id ?? "", [geo.ids[0] ?? ""]: "NOBODY" });
    expect(issues).toHaveLength(2);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "area_unknown",
          path: { json: ["lockedAreas", "00000"] },
          ids: { zip: "00000" },
        }),
        expect.objectContaining({
          code: "lock_unknown_rep",
          path: { json: ["lockedAreas", geo.ids[0]] },
          ids: { zip: geo.ids[0], rep_id: "NOBODY" },
        }),
      ]),
    );
    // An account locked to another rep inside a pinned ZIP.
    const a = accounts[0];
    expect(
      refusal({ [a?.area ?? ""]: reps[1]?.id ?? "" }, { [a?.id ?? ""]: reps[0]?.id ?? "" }),
    ).toEqual([
      expect.objectContaining({
        code: "lock_conflict",
        ids: { zip: a?.area, rep_id: reps[1]?.id },
      }),
    ]);
    const accountsOnly = parseScenarioConfig({
      measures: [{ name: "accounts", count: true }],
      lockedAreas: { "80302": "R1" },
    });
    expect(accountsOnly.ok ? [] : accountsOnly.issues[0]?.path?.json).toEqual(["lockedAreas"]);
  });
});

describe("paydirt plan create by ZIP patch", () => {
  const dir = mkdtempSync(join(tmpdir(), "paydirt-zips-"));
  const db = join(dir, "market.duckdb");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("plans by ZIP from a config, stores the plan and exports one owner per ZIP", async () => {
    const market = join(dir, "market");
    expect(
      (await cli("synth", "--accounts", "400", "--reps", "6", "--seed", "4", "--out", market)).code,
    ).toBe(0);
    expect((await cli("import", "all", market, "--db", db)).code).toBe(0);
    const file = join(dir, "zips.json");
    writeFileSync(
      file,
      JSON.stringify({
        measures: [{ name: "accounts", count: true, tolerance: 0.3 }],
        roles: ["AE"],
        // Open deals scattered over the country would pin far ZIPs to one rep: no connected patch.
        lockOpenOpportunities: false,
        units: "zips",
        contiguity: true,
        solver: "heuristic",
        timeLimit: 8,
      }),
    );
    const made = await cli("plan", "create", "Z", "--config", file, "--db", db);
    expect(made.code, `${made.out}\n${made.err}`).toBe(0);
    expect(made.out).toMatch(/status\s+feasible/);
    const csv = join(dir, "z.csv");
    expect((await cli("plan", "export", "Z", "--csv", csv, "--db", db)).code).toBe(0);
    const plan = parseCsvText(readFileSync(csv, "utf8"));
    const input = parseCsvText(readFileSync(join(market, "accounts.csv"), "utf8"));
    expect(plan.rows.length).toBe(400);
    const zipOf = new Map(
      input.rows.map((r) => [
        r.fields[input.header.indexOf("account_id")],
        r.fields[input.header.indexOf("postal_code")],
      ]),
    );
    // One owner per ZIP: every account of a ZIP goes to the same rep.
    const ownerOfZip = new Map<string, string>();
    for (const r of plan.rows) {
      const owner = r.fields[plan.header.indexOf("new_owner_id")] ?? "";
      const zip = zipOf.get(r.fields[0]) ?? "";
      expect(owner).not.toBe("");
      expect(zip).toMatch(/^\d{5}/);
      expect(ownerOfZip.get(zip) ?? owner).toBe(owner);
      ownerOfZip.set(zip, owner);
    }
    // ZIP -> owner for CRM territory rules: every ZIP of the map, the same owners as the accounts.
    const areasFile = join(dir, "z-zips.csv");
    expect((await cli("plan", "export", "Z", "--areas", areasFile, "--db", db)).code).toBe(0);
    const areas = parseCsvText(readFileSync(areasFile, "utf8"));
    expect(areas.header).toEqual(["zip", "owner_id"]);
    expect(areas.rows.length).toBe(usZips().ids.length);
    const zipOwner = new Map(areas.rows.map((r) => [r.fields[0] ?? "", r.fields[1] ?? ""]));
    for (const r of areas.rows) expect(r.fields[1]).toMatch(/^R\d+/);
    for (const [zip, owner] of ownerOfZip) expect(zipOwner.get(zip.slice(0, 5))).toBe(owner);
    // An account plan has no areas to export.
    const accountsOnly = join(dir, "accounts.json");
    writeFileSync(
      accountsOnly,
      JSON.stringify({
        measures: [{ name: "accounts", count: true }],
        roles: ["AE"],
        timeLimit: 2,
      }),
    );
    expect((await cli("plan", "create", "A", "--config", accountsOnly, "--db", db)).code).toBe(0);
    const err = await cliError("plan", "export", "A", "--areas", areasFile, "--db", db);
    expect(err?.kind).toBe("usage");
    expect(err?.issues[0]?.ids).toMatchObject({ option: "areas", scenario: "A" });
  }, 120_000);

  it("refuses a ZIP outside the data set: a coded error naming the ZIP and the account, nothing stored", async () => {
    const market = join(dir, "bad-market");
    const bad = join(dir, "bad.duckdb");
    expect(
      (await cli("synth", "--accounts", "60", "--reps", "3", "--seed", "5", "--out", market)).code,
    ).toBe(0);
    // One account's postal code becomes a ZIP no data set holds (00000), another's a ZIP+4.
    const file = join(market, "accounts.csv");
    const input = parseCsvText(readFileSync(file, "utf8"));
    const zipCol = input.header.indexOf("postal_code");
    const lines = readFileSync(file, "utf8").split("\n");
    const [victim, zip4] = [input.rows[7]?.fields ?? [], input.rows[8]?.fields ?? []];
    const badLine = lines.findIndex((l) => l.startsWith(`${victim[0]},`));
    const zip4Line = lines.findIndex((l) => l.startsWith(`${zip4[0]},`));
    lines[badLine] = (lines[badLine] ?? "").replace(`,${victim[zipCol]},`, ",00000,");
    lines[zip4Line] = (lines[zip4Line] ?? "").replace(
      `,${zip4[zipCol]},`,
      `,${zip4[zipCol]}-1234,`,
    );
    writeFileSync(file, lines.join("\n"));
    expect((await cli("import", "all", market, "--db", bad)).code).toBe(0);
    const conf = join(dir, "bad-zips.json");
    writeFileSync(
      conf,
      JSON.stringify({
        measures: [{ name: "accounts", count: true }],
        roles: ["AE"],
        units: "zips",
        solver: "heuristic",
        timeLimit: 2,
      }),
    );
    // A ZIP in lockedAreas that the data set does not hold: refused the same way.
    const pin = join(dir, "pin-zips.json");
    writeFileSync(
      pin,
      JSON.stringify({
        measures: [{ name: "accounts", count: true }],
        roles: ["AE"],
        units: "zips",
        lockedAreas: { "99999": "R0003" },
      }),
    );
    const pinned = await cliError("plan", "create", "Z", "--config", pin, "--db", db);
    expect(pinned?.issues[0]).toMatchObject({ code: "area_unknown", ids: { zip: "99999" } });
    const err = await cliError("plan", "create", "BADZIP", "--config", conf, "--db", bad);
    expect(err?.kind).toBe("invalid");
    expect(err?.issues).toEqual([
      expect.objectContaining({
        code: "area_unknown",
        ids: { account_id: victim[0], zip: "00000", column: "postal_code" },
      }),
    ]);
    expect(err?.issues[0]?.message).toMatch(new RegExp(`account ${victim[0]}.*"00000"`));
    const made = await cli("plan", "create", "BADZIP", "--config", conf, "--db", bad);
    expect(made.code).toBe(1);
    expect((await cli("plan", "list", "--db", bad)).out).toMatch(/no scenarios yet/);
  }, 60_000);
});
