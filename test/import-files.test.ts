/**
 * The files people have: Excel workbooks, legacy encodings, UTF-16 "Unicode text", gzip, old-Mac
 * line endings, very long fields and records. The same accounts in every form import to the
 * same rows; what cannot be read fails with the user's file and line, never an internal file.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entityByName } from "../src/core/model/index.js";
import { rawCsvLine } from "../src/io/csv/write.js";
import { formatIssue } from "../src/io/import/issues.js";
import { type ImportOptions, type ImportRequest, importData } from "../src/io/import/run.js";
import { openStoreForReading } from "../src/io/store/open.js";
import { xlsxBytes } from "./xlsx-writer.js";

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "paydirt-files-"));
  store = join(dir, "store.duckdb");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const accounts = entityByName("accounts");
if (!accounts) throw new Error("accounts");
const req = (files: string[]): ImportRequest => ({ entity: accounts, files });
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

async function rows(path: string) {
  const s = await openStoreForReading(path);
  try {
    return await s.db.all(
      "SELECT account_id, name, employees, annual_revenue, CAST(created_date AS VARCHAR) AS created FROM accounts ORDER BY 1",
    );
  } finally {
    s.close();
  }
}

const TABLE: (string | number | null)[][] = [
  ["Id", "Name", "NumberOfEmployees", "AnnualRevenue", "CreatedDate"],
  ["A1", "Café Zoë", 1200, 5000000.5, "2024-01-10"],
  ["A2", "Ünïcode, “quoted” – Ltd", 80, null, "2023-12-31"],
  ["A3", "Plain Co", 7, 12, "2022-06-01"],
];

/** Bytes of text in a single-byte encoding, by the platform's own table. */
function singleByte(text: string, encoding: string): Buffer {
  const table = new TextDecoder(encoding).decode(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    { stream: true },
  );
  return Buffer.from(
    [...text].map((c) => {
      const b = table.indexOf(c);
      if (b < 0) throw new Error(`${c} not in ${encoding}`);
      return b;
    }),
  );
}

async function importInto(
  target: string,
  name: string,
  bytes: Buffer,
  options: Partial<ImportOptions> = {},
) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return importData([req([path])], { storePath: target, ...options });
}

describe("files people have", () => {
  it("an .xlsx, a Windows-1252, a UTF-16 and a .csv.gz version of the same accounts import to the same rows", async () => {
    const text = TABLE.map((r) => rawCsvLine(r)).join("");
    const crlf = text.replace(/\n/g, "\r\n");
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, "utf16le")]);
    const utf16be = Buffer.from(utf16le);
    utf16be.swap16();
    const forms: [string, Buffer, Partial<ImportOptions>][] = [
      ["accounts.xlsx", xlsxBytes(TABLE), {}],
      ["accounts-1252.csv", singleByte(crlf, "windows-1252"), { encoding: "windows-1252" }],
      ["accounts-utf16le.txt", utf16le, {}],
      ["accounts-utf16be.csv", utf16be, {}],
      ["accounts.csv.gz", gzipSync(Buffer.from(text)), {}],
    ];
    const reference = join(dir, "reference.duckdb");
    const r0 = await importInto(reference, "accounts.csv", Buffer.from(text));
    expect(r0.ok, r0.log.lines().join("\n")).toBe(true);
    const expected = await rows(reference);
    expect(expected[1]).toMatchObject({ name: "Ünïcode, “quoted” – Ltd", employees: 80 });
    for (const [name, bytes, options] of forms) {
      const target = join(dir, `${name}.duckdb`);
      const r = await importInto(target, name, bytes, options);
      expect(r.ok, `${name}: ${r.log.lines().join("\n")}`).toBe(true);
      expect(await rows(target), name).toEqual(expected);
    }
  });

  it("an old-Mac company export with a non-UTF-8 name fails naming the encoding, then imports with it", async () => {
    const text = "Id\tName\tNumberOfEmployees\rA1\tCafé Zoë\t12\rA2\tPlain\t3\r";
    const bytes = singleByte(text, "macintosh");
    const path = join(dir, "export2013.txt");
    writeFileSync(path, bytes);
    const failed = await importData([req([path])], { storePath: store });
    expect(failed.ok).toBe(false);
    const issues = failed.log.kept.filter((i) => i.severity === "error");
    expect(issues.map((i) => [i.code, i.line])).toEqual([["invalid_encoding", 2]]);
    expect(formatIssue(issues[0] as (typeof issues)[number])).toMatch(
      /export2013\.txt:2:1: .*looks like macintosh; import it with --encoding macintosh/,
    );
    const ok = await importData([req([path])], { storePath: store, encoding: "macintosh" });
    expect(ok.ok, ok.log.lines().join("\n")).toBe(true);
    expect((await rows(store)).map((r) => r.name)).toEqual(["Café Zoë", "Plain"]);
    // The mapping can say so too, and an unknown encoding is an error.
    const mapped = await importData(
      [{ entity: accounts, files: [path], mapping: { encoding: "mac" } }],
      { storePath: store },
    );
    expect(mapped.ok, mapped.log.lines().join("\n")).toBe(true);
    const unknown = await importData([req([path])], { storePath: store, encoding: "ebcdic-x" });
    expect(unknown.log.kept.map((i) => i.code)).toContain("unknown_encoding");
  });

  it("a field of several megabytes imports; a record past the limit fails at its line, store unchanged", async () => {
    const long = "x".repeat(3 << 20);
    const ok = await importInto(
      store,
      "long.csv",
      Buffer.from(`Id,Name,Notes\nA1,"${long}",n\nA2,B,"${long}"\n`),
    );
    expect(ok.ok, ok.log.lines().join("\n").slice(0, 500)).toBe(true);
    const s = await openStoreForReading(store);
    const got = await s.db.all<{ n: number; a: number }>(
      "SELECT length(name) AS n, length(CAST(attributes AS VARCHAR)) AS a FROM accounts ORDER BY account_id",
    );
    s.close();
    expect(got[0]?.n).toBe(long.length);
    expect(got[1]?.a).toBeGreaterThan(long.length);

    const before = sha(store);
    const stages = () => readdirSync(tmpdir()).filter((f) => f.startsWith("paydirt-stage-")).length;
    const stagesBefore = stages();
    const huge = Buffer.concat([
      Buffer.from('Id,Name\nA9,"never closed'),
      Buffer.alloc(20 << 20, "y,\n"),
    ]);
    const bad = await importInto(store, "huge.csv", huge);
    expect(bad.ok).toBe(false);
    const text = bad.log.kept.map(formatIssue).join("\n");
    // Past the limit the reading stops; a file that ends first is named by its open quote.
    expect(text).toMatch(
      /huge\.csv:2:\d: (the record starting on this line runs past 16 MiB|quoted field opened here is never closed)/,
    );
    expect(bad.log.kept.map((i) => i.message).join("\n")).not.toMatch(/stage|tmp|duckdb/i);
    expect(sha(store)).toBe(before);
    expect(stages()).toBeLessThanOrEqual(stagesBefore);
  });
});
