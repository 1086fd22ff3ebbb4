/**
 * Values no export means are never stored silently: coordinates out of range (and likely swaps),
 * negative counts and money, numbers out of range, NUL and control characters, ids that differ
 * only by invisible or look-alike characters. Each finding has a code and a file:line:column.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entityByName } from "../src/core/model/index.js";
import { formatIssue } from "../src/io/import/issues.js";
import { type ImportRequest, importData } from "../src/io/import/run.js";

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "paydirt-values-"));
  store = join(dir, "store.duckdb");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function req(entity: string, name: string, text: string): ImportRequest {
  const path = join(dir, name);
  writeFileSync(path, text);
  const e = entityByName(entity);
  if (!e) throw new Error(entity);
  return { entity: e, files: [path] };
}
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
/** Findings other than the geography summary, by code then line. */
const found = (r: Awaited<ReturnType<typeof importData>>) =>
  r.log.kept
    .filter((i) => i.code !== "geography")
    .map((i) => [i.code, i.severity, i.line, i.column] as const)
    .sort((a, b) => a[0].localeCompare(b[0]) || a[2] - b[2]);

describe("value checks", () => {
  it("coordinates out of range are errors, a likely swap is named as such", async () => {
    const r = await importData(
      [
        req(
          "accounts",
          "a.csv",
          "account_id,name,latitude,longitude\nA1,ok,42.3,-71.0\nA2,swapped,-95.37,29.76\nA3,bad,95,200\n",
        ),
      ],
      { storePath: store },
    );
    expect(r.ok).toBe(false);
    expect(found(r)).toEqual([
      ["coordinate_range", "error", 4, 3],
      ["coordinate_swap", "error", 3, 3],
    ]);
    expect(r.log.kept.map(formatIssue).join("\n")).toMatch(
      /a\.csv:3:3: latitude -95\.37 and longitude 29\.76: .*swapped/,
    );
  });

  it("negative counts are errors, negative money a warning, huge numbers out of range", async () => {
    const accounts = await importData(
      [req("accounts", "a.csv", "account_id,employees,annual_revenue\nA1,-5,10\nA2,3,1e308\n")],
      { storePath: store },
    );
    expect(found(accounts)).toEqual([
      ["negative_value", "error", 2, 2],
      ["out_of_range", "error", 3, 3],
    ]);
    const ok = await importData(
      [
        req("accounts", "a.csv", "account_id\nA1\n"),
        req(
          "opportunities",
          "o.csv",
          "opportunity_id,account_id,amount,created_date\nO1,A1,-100,2024-01-01\n",
        ),
      ],
      { storePath: store },
    );
    expect(ok.ok).toBe(true);
    expect(found(ok)).toContainEqual(["negative_value", "warning", 2, 3]);
    expect(ok.log.byCode.get("negative_value")).toBe(1);
  });

  it("NUL in text is an error, other control characters a warning, escaped when shown", async () => {
    const r = await importData(
      [
        req(
          "accounts",
          "a.csv",
          "account_id,name,employees\nA1,bad\u0000name,1\nA2,\u001b[31mred\u0007,\u001b[2J9\n",
        ),
      ],
      { storePath: store },
    );
    expect(found(r)).toEqual([
      ["cell", "error", 3, 3],
      ["control_character", "error", 2, 2],
      ["control_character", "warning", 3, 2],
    ]);
    const shown = r.log.lines().join("\n");
    expect([...shown].filter((c) => c.charCodeAt(0) < 9 || c === "\u001b")).toEqual([]);
    expect(shown).toMatch(/a\.csv:3:3: employees: "\\u\{1b\}\[2J9" is not a number/);
  });

  it("an id that differs from a stored one only by an invisible or look-alike character is an error", async () => {
    const first = await importData([req("accounts", "a.csv", "account_id,name\nA1,Acme\n")], {
      storePath: store,
    });
    expect(first.ok).toBe(true);
    const before = sha(store);
    const r = await importData(
      [req("accounts", "b.csv", "account_id,name\nA1\u200b,Acme\n\u04101,Acme\nB\u200b2,New\n")],
      { storePath: store },
    );
    expect(r.ok).toBe(false);
    expect(found(r)).toEqual([
      ["id_characters", "warning", 2, 1],
      ["id_characters", "warning", 4, 1],
      ["id_lookalike", "error", 2, 1],
      ["id_lookalike", "error", 3, 1],
    ]);
    expect(r.log.lines()[0]).toMatch(/b\.csv:2:1: account_id "A1\\u\{200b\}" differs from "A1"/);
    expect(sha(store)).toBe(before);
  });
});
