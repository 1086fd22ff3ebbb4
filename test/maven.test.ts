import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesInFolder } from "../src/cli/commands/import.js";
import { type ImportResult, importData } from "../src/io/import/run.js";
import { loadMapping } from "../src/io/mapping.js";
import { openStoreForReading } from "../src/io/store/open.js";

const MAVEN = join(import.meta.dirname, "../../shared/data/maven-crm");
const MAPPING = join(import.meta.dirname, "../mappings/maven-crm.json");
const have = existsSync(MAVEN);

describe.skipIf(!have)("Maven CRM through the shipped mapping", () => {
  let dir: string;
  let store: string;
  let result: ImportResult;
  let text: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "paydirt-maven-"));
    store = join(dir, "maven.duckdb");
    result = await importData(filesInFolder(MAVEN, await loadMapping(MAPPING)), {
      storePath: store,
    });
    text = result.log.lines().join("\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports 85 accounts, 35 reps and 8,800 opportunities", async () => {
    expect(result.log.errors, text).toBe(0);
    expect(result.ok).toBe(true);
    const s = await openStoreForReading(store);
    try {
      const counts = await s.db.one(
        `SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM reps) AS reps,
                (SELECT count(*) FROM opportunities) AS opportunities, (SELECT count(*) FROM products) AS products`,
      );
      expect(counts).toEqual({ accounts: 85, reps: 35, opportunities: 8800, products: 7 });
      const status = await s.db.all(
        "SELECT status, count(*) AS n FROM opportunities GROUP BY status ORDER BY status",
      );
      expect(status).toEqual([
        { status: "lost", n: 2473 },
        { status: "open", n: 2089 },
        { status: "won", n: 4238 },
      ]);
      const revenue = await s.db.one<{ r: number }>(
        "SELECT annual_revenue AS r FROM accounts WHERE account_id = 'Acme Corporation'",
      );
      expect(revenue?.r).toBeCloseTo(1_100_040_000, 0);
      const idle = await s.db.one<{ n: number }>(
        "SELECT count(*) AS n FROM reps r WHERE NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.owner_id = r.rep_id)",
      );
      expect(idle?.n).toBe(5);
    } finally {
      s.close();
    }
  });

  it("reports every quirk of the data instead of fixing it silently", () => {
    expect(text).toMatch(
      /industry "technolgy" \(12 rows\) looks like a misspelling of "technology"/,
    );
    expect(text).toMatch(
      /product "GTXPro" \(1480 rows\) is not among products but matches "GTX Pro"/,
    );
    expect(text).toMatch(/1425 of 8800 opportunities have no account_id/);
    expect(text).toMatch(/opportunities have no created_date/);
    expect(text).toMatch(/lost opportunities have amount 0/);
    expect(text).toMatch(/country-level geography only/);
    expect(text).toMatch(/manager_id: .* are not reps/);
  });
});
