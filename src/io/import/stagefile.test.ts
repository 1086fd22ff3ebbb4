import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StagedValue } from "../../core/model/index.js";
import { StageFileWriter } from "./stagefile.js";

/** The plain definition of a stage row, to check the byte-level writer against. */
function reference(
  file: number,
  line: number,
  values: readonly StagedValue[],
  alts: readonly (string | null)[],
  attributes: string | null,
): string {
  const cell = (v: StagedValue): string => {
    if (v === null) return "";
    if (typeof v !== "string") return String(v);
    return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `${[file, line, ...values, ...alts, attributes].map((v) => cell(v)).join(",")}\n`;
}

const value: fc.Arbitrary<StagedValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", "é", "😀"), maxLength: 12 }),
);

describe("StageFileWriter", () => {
  it("writes exactly the plain CSV encoding of every row", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(value, { maxLength: 8 }),
            fc.array(fc.option(fc.string({ maxLength: 10 })), { maxLength: 2 }),
            fc.option(fc.json()),
          ),
          { maxLength: 30 },
        ),
        (rows) => {
          const w = new StageFileWriter();
          try {
            let expected = "";
            rows.forEach(([values, alts, attributes], k) => {
              w.row(3, k + 2, values, alts, attributes);
              expected += reference(3, k + 2, values, alts, attributes);
            });
            w.close();
            expect(readFileSync(w.path, "utf8")).toBe(expected);
          } finally {
            w.remove();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("handles a cell longer than its buffer and many rows across flushes", () => {
    const w = new StageFileWriter();
    try {
      const long = `${"x".repeat(1 << 21)},"é`;
      let expected = "";
      for (let k = 0; k < 40_000; k++) {
        const values: StagedValue[] = [
          k,
          `name ${k}`,
          k === 7 || k === 39_999 ? long : null,
          k / 3,
        ];
        w.row(1, k, values, [], null);
        expected += reference(1, k, values, [], null);
      }
      w.close();
      expect(readFileSync(w.path, "utf8")).toBe(expected);
    } finally {
      w.remove();
    }
  });
});
