import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ColumnAccumulator } from "./column.js";
import { detectColumn } from "./detect.js";

const cell = fc.oneof(
  fc.constantFrom(
    "",
    "NA",
    "Yes",
    "no",
    "Software",
    "retail",
    " Retail ",
    "$1,200",
    "(3)",
    "2024-02-01",
  ),
  fc.integer({ min: -50, max: 50 }).map(String),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => x.toFixed(2)),
);

describe("column accumulator", () => {
  it("absorbing a later part equals reading the cells in one go (property)", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 80 }), fc.nat(), (cells, cut) => {
        const at = cut % (cells.length + 1);
        const whole = new ColumnAccumulator(2);
        for (const c of cells) whole.push(c);
        const a = new ColumnAccumulator(2);
        const b = new ColumnAccumulator(2);
        cells.forEach((c, i) => {
          (i < at ? a : b).push(c);
        });
        a.absorb(b.snapshot());
        expect(detectColumn("c", a)).toEqual(detectColumn("c", whole));
      }),
    );
  });
});
