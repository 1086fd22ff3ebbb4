import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ColumnAccumulator } from "./column.js";
import { allocate, cellEncoder } from "./dataset.js";
import { detectColumn } from "./detect.js";
import { learnFeatures } from "./features.js";

function detect(cells: readonly string[], parts = 1) {
  // With parts > 1 the cells stream into several accumulators merged in order (as the
  // multi-threaded reader does).
  const size = Math.ceil(cells.length / parts);
  const accs = Array.from({ length: parts }, (_, p) => {
    const a = new ColumnAccumulator(4);
    for (const c of cells.slice(p * size, (p + 1) * size)) a.push(c);
    return a;
  });
  const first = accs[0] as ColumnAccumulator;
  for (const a of accs.slice(1)) first.absorb(a.snapshot());
  return detectColumn("amount", first);
}

/** A number as a German-style export writes it: `1.234.567,89`. */
function german(x: number, decimals: number): string {
  const [int, frac] = Math.abs(x).toFixed(decimals).split(".");
  const grouped = (int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${x < 0 ? "-" : ""}${grouped}${frac ? `,${frac}` : ""}`;
}

describe("decimal comma", () => {
  it("reads a decimal-comma column as numbers, points as thousands", () => {
    const c = detect(["1.234,56", "12,5 %", "7", "", "1.234", "-0,25", "€ 2.000,00"]);
    expect(c).toMatchObject({ kind: "numeric", source: "number", decimal: "," });
    if (c.kind !== "numeric") return;
    expect(Array.from(c.values)).toEqual([1234.56, 12.5, 7, Number.NaN, 1234, -0.25, 2000]);
    expect(c.note).toMatch(/decimal comma/);
  });

  it("decides from all values: one cell with a decimal point keeps the point reading", () => {
    const c = detect(["1.234", "2.5", "3.75", "12,5"]);
    // "12,5" cannot be read with a decimal point; "1.234" stays 1.234, and the column says why.
    expect(c.kind).toBe("numeric");
    if (c.kind !== "numeric") return;
    expect(c.decimal).toBeUndefined();
    expect(c.values[0]).toBe(1.234);
    expect(Number.isNaN(c.values[3] as number)).toBe(true);
    expect(c.note).toMatch(/both decimal marks/);
  });

  it("says so when every separator could be either, and keeps the decimal point", () => {
    const c = detect(["1.234", "2.500", "12", "7.125"]);
    expect(c.kind).toBe("numeric");
    if (c.kind !== "numeric") return;
    expect(Array.from(c.values)).toEqual([1.234, 2.5, 12, 7.125]);
    expect(c.decimal).toBeUndefined();
    expect(c.note).toMatch(/ambiguous decimal mark/);
  });

  it("leaves ordinary columns as they were", () => {
    const c = detect(["$1,234.50", "(12)", "1.5e6", "12%", "7"]);
    expect(c).toMatchObject({ kind: "numeric" });
    if (c.kind === "numeric") {
      expect(c.decimal).toBeUndefined();
      expect(c.note).toBeUndefined();
      expect(Array.from(c.values)).toEqual([1234.5, -12, 1.5e6, 12, 7]);
    }
    expect(detect(["red", "green", "12,5", "red", "blue", "green"]).kind).toBe("categorical");
  });

  it("reads any decimal-comma column back exactly, whole or split across threads, in training and scoring (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), {
          minLength: 4,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        (cents, decimals, parts) => {
          const xs = cents.map((c) => Number((c / 100).toFixed(decimals)) + 0);
          const cells = xs.map((x) => german(x, decimals));
          // At least one cell must show the comma for the column to be read that way.
          fc.pre(cells.some((t) => t.includes(",")) && new Set(xs).size > 1);
          const c = detect(cells, parts);
          expect(c).toMatchObject({ kind: "numeric", decimal: "," });
          if (c.kind !== "numeric") return;
          expect(Array.from(c.values)).toEqual(xs);
          // Scoring reads cells through the feature learnt from this column.
          const [f] = learnFeatures({ rows: xs.length, columns: [c] });
          if (!f) throw new Error("no feature");
          const ds = allocate([f], cells.length);
          const enc = cellEncoder(f);
          cells.forEach((t, i) => {
            enc(t, i, ds.bins[0] as Uint8Array, ds.values[0] ?? null);
          });
          expect(Array.from(ds.values[0] ?? [])).toEqual(xs);
        },
      ),
      { numRuns: 60 },
    );
  });
});
