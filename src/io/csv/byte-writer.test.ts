import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvByteWriter, type CsvValue } from "./byte-writer.js";
import { csvLine, rawCsvLine } from "./write.js";

const value: fc.Arbitrary<CsvValue> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "é", "😀"), maxLength: 12 }),
);

function written(rows: readonly CsvValue[][], neutralise = false): string {
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bytes-"));
  try {
    const path = join(dir, "out.csv");
    const fd = openSync(path, "w");
    const w = new CsvByteWriter(fd, true, neutralise);
    for (const r of rows) w.row(r);
    w.flush();
    closeSync(fd);
    return readFileSync(path, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("CsvByteWriter", () => {
  it("writes exactly what rawCsvLine writes, and csvLine when it neutralises formulas", () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 8 }), { maxLength: 30 }), (rows) => {
        expect(written(rows)).toBe(rows.map((r) => rawCsvLine(r)).join(""));
        expect(written(rows, true)).toBe(rows.map((r) => csvLine(r)).join(""));
      }),
      { numRuns: 300 },
    );
  });

  it("neutralises cells a spreadsheet would run, keeping numbers as numbers", () => {
    const rows: CsvValue[][] = [
      ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
      ["-12.5", "+3", -7, 1e21, "plain", "a=b"],
    ];
    expect(written(rows, true)).toBe(
      `'=cmd|' /C calc'!A0,'+1+1,'-2+3,'@SUM(A1),'\tx,"'\rx"\n-12.5,+3,-7,1e+21,plain,a=b\n`,
    );
  });

  it("writes a cell longer than its buffer on its own", () => {
    const rows = [
      [1, ` ${"y".repeat(1 << 21)}`, "z"],
      [2, "ok"],
    ];
    expect(written(rows)).toBe(rows.map((r) => rawCsvLine(r)).join(""));
  });
});
