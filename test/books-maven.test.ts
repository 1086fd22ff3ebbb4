import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Store } from "../src/io/store/store.js";
import { cli } from "./run-cli.js";

const MAVEN = join(import.meta.dirname, "../../shared/data/maven-crm");
const MAPPING = join(import.meta.dirname, "../mappings/maven-crm.json");

describe.skipIf(!existsSync(MAVEN))("books on Maven CRM (no signals)", () => {
  const dir = mkdtempSync(join(tmpdir(), "paydirt-books-maven-"));
  const db = join(dir, "maven.duckdb");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refreshes from fit, opportunities and customers, and says intent is missing", async () => {
    const i = await cli("import", "all", MAVEN, "--mapping", MAPPING, "--db", db);
    expect(i.code, i.err).toBe(0);
    const r = await cli("books", "refresh", "--db", db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/intent is missing/);
    const store = await Store.open(db, "read");
    try {
      const rows = await store.db.all<{ stage: string; n: number }>(
        "SELECT stage, count(*) AS n FROM books_as_of(DATE '2099-01-01') GROUP BY stage ORDER BY stage",
      );
      const n = (s: string) => rows.find((x) => x.stage === s)?.n ?? 0;
      expect(n("core")).toBeGreaterThan(0);
      expect(n("in_market") + n("bdr")).toBe(0);
      const summary = await store.db.one<{ s: string }>(
        "SELECT CAST(summary AS VARCHAR) AS s FROM book_refreshes",
      );
      expect(JSON.parse(summary?.s ?? "{}").issues.map((x: { code: string }) => x.code)).toContain(
        "books_intent_missing",
      );
    } finally {
      store.close();
    }
  }, 120_000);
});
