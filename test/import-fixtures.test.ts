/**
 * Import cases as fixture folders (the Turf way): test/fixtures/import/<case>/
 *   input/      files named after their entity (accounts.csv, opportunities.csv, ...), imported together
 *   before/     optional: imported first into the same store (must succeed), e.g. for "already imported"
 *   mapping.json optional: a mapping file for the input
 *   options.json optional: import options for the input, e.g. { "knownFrom": "2001-01-01T00:00:00Z" }
 *   expected.json { ok, issues: [{ code, severity, file, line, column }] }  (file relative to input/)
 * Regenerate the expected files after a deliberate change (then review the diff):
 *   PAYDIRT_REGENERATE=1 npx vitest run test/import-fixtures.test.ts
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filesInFolder } from "../src/cli/commands/import.js";
import { importData } from "../src/io/import/run.js";
import { loadMapping } from "../src/io/mapping.js";

const ROOT = join(import.meta.dirname, "fixtures", "import");
const REGENERATE = process.env.PAYDIRT_REGENERATE === "1";
const tmp = mkdtempSync(join(tmpdir(), "paydirt-fixtures-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expected {
  readonly ok: boolean;
  readonly issues: readonly {
    code: string;
    severity: string;
    file: string;
    line: number;
    column: number;
  }[];
}

/** An import issue in either shape (ImportIssue today, the coded Issue with `path` later). */
type AnyIssue = {
  code: string;
  severity: string;
  file?: string;
  line?: number;
  column?: number;
  path?: { file?: string; line?: number; column?: number };
};

function normalise(i: AnyIssue) {
  const file = i.path?.file ?? i.file ?? "";
  return {
    code: i.code,
    severity: i.severity,
    file: file ? basename(file) : "",
    line: i.path?.line ?? i.line ?? 0,
    column: i.path?.column ?? i.column ?? 0,
  };
}

const cases = readdirSync(ROOT).filter((n) => existsSync(join(ROOT, n, "input")));

describe("import fixtures", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)("%s", async (name) => {
    const dir = join(ROOT, name);
    const store = join(tmp, `${name}.duckdb`);
    const mappingPath = join(dir, "mapping.json");
    const mapping = existsSync(mappingPath) ? await loadMapping(mappingPath) : undefined;
    if (existsSync(join(dir, "before"))) {
      const first = await importData(filesInFolder(join(dir, "before")), { storePath: store });
      expect(first.ok).toBe(true);
    }
    const optionsPath = join(dir, "options.json");
    const options = existsSync(optionsPath)
      ? (JSON.parse(readFileSync(optionsPath, "utf8")) as { knownFrom?: string; force?: boolean })
      : {};
    const r = await importData(filesInFolder(join(dir, "input"), mapping), {
      ...options,
      storePath: store,
    });
    const got: Expected = {
      ok: r.ok,
      issues: (r.log.kept as unknown as AnyIssue[]).map(normalise),
    };
    const file = join(dir, "expected.json");
    if (REGENERATE || !existsSync(file)) {
      writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      if (!REGENERATE) throw new Error(`wrote ${file}: review it, then run again`);
    }
    expect(got).toEqual(JSON.parse(readFileSync(file, "utf8")) as Expected);
  });
});
