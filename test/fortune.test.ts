import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const FILE = join(import.meta.dirname, "../../shared/data/fortune-500-hq-hifld/fortune_500_hq.csv");
const MAPPING = join(import.meta.dirname, "../mappings/fortune-500-hq.json");

/** Real headquarters (county FIPS with lost leading zeros, revenue in $M) planned as county territories. */
describe.skipIf(!existsSync(FILE))("Fortune 500 headquarters as county territories", () => {
  let dir: string;
  let db: string;
  let imported: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "paydirt-f500-"));
    db = join(dir, "f500.duckdb");
    imported = await cli("import", "accounts", FILE, "--db", db, "--mapping", MAPPING);
    const reps = [
      "rep_id,name,role,home_latitude,home_longitude",
      "R1,Ana,AE,40.75,-73.99",
      "R2,Ben,AE,41.88,-87.63",
      "R3,Cai,AE,32.78,-96.80",
      "R4,Dee,AE,37.77,-122.42",
      "R5,Eli,AE,33.75,-84.39",
      "R6,Fay,AE,44.98,-93.27",
    ].join("\n");
    writeFileSync(join(dir, "reps.csv"), `${reps}\n`);
    await cli("import", "reps", join(dir, "reps.csv"), "--db", db);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports all 500 without calling neighbouring FIPS codes misspellings", () => {
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain("500 rows");
    expect(`${imported.out}\n${imported.err}`).not.toContain("misspelling");
  });

  it("plans connected county territories balanced within +-25% on revenue and count", async () => {
    const config = join(dir, "plan.json");
    writeFileSync(
      config,
      JSON.stringify({
        measures: [
          { name: "revenue", column: "annual_revenue", tolerance: 0.25 },
          { name: "accounts", count: true, tolerance: 0.25 },
        ],
        weights: { balance: 1, compactness: 1, disruption: 0 },
        units: "counties",
        contiguity: true,
        timeLimit: 8,
      }),
    );
    const r = await cli("plan", "create", "f500", "--config", config, "--db", db);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toMatch(/status\s+feasible/);
  }, 60_000);
});
