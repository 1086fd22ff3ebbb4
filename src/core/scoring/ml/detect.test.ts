import { describe, expect, it } from "vitest";
import { ColumnAccumulator } from "./column.js";
import { detectColumn } from "./detect.js";

function column(cells: readonly string[]) {
  const acc = new ColumnAccumulator(4);
  for (const c of cells) acc.push(c);
  return detectColumn("c", acc);
}

const repeat = (values: readonly string[], n: number) =>
  Array.from({ length: n }, (_, i) => values[i % values.length] as string);

describe("column detection", () => {
  it("reads CRM number formats as numbers and blanks as missing", () => {
    const c = column(["$1,234.50", "(12)", "1.5e6", "12%", "", "NA", "7", " 3 "]);
    expect(c.kind).toBe("numeric");
    if (c.kind !== "numeric") return;
    expect(Array.from(c.values)).toEqual([1234.5, -12, 1.5e6, 12, NaN, NaN, 7, 3]);
  });

  it("treats a minority of text in a numeric column as missing, with a note", () => {
    const c = column([...repeat(["1", "2", "3", "4"], 40), "unknown"]);
    expect(c.kind).toBe("numeric");
    if (c.kind === "numeric") {
      expect(Number.isNaN(c.values[40])).toBe(true);
      expect(c.note).toMatch(/non-numeric/);
    }
  });

  it("reads yes/no columns as 0/1", () => {
    const c = column(["Yes", "no", "", "YES", "N"]);
    expect(c).toMatchObject({ kind: "numeric", source: "boolean" });
    if (c.kind === "numeric") expect(Array.from(c.values)).toEqual([1, 0, NaN, 1, 0]);
  });

  it("reads dates as days since 1970 and settles day/month order from the column", () => {
    const c = column(["2024-01-02", "03/01/2024", "25/12/2023", ""]);
    expect(c).toMatchObject({ kind: "numeric", source: "date", dateOrder: "DMY" });
    if (c.kind === "numeric") {
      expect(c.values[0]).toBe(Date.UTC(2024, 0, 2) / 86_400_000);
      expect(c.values[1]).toBe(Date.UTC(2024, 0, 3) / 86_400_000);
      expect(Number.isNaN(c.values[3])).toBe(true);
    }
  });

  it("keeps categories (case and spacing folded) and drops identifiers, constants, empties", () => {
    const cat = column(
      repeat(["Software", "software ", "Retail", "Health  care", "health care"], 50),
    );
    expect(cat.kind).toBe("categorical");
    if (cat.kind === "categorical")
      expect(cat.levels).toEqual(["Software", "Retail", "Health  care"]);
    const ids = column(Array.from({ length: 100 }, (_, i) => `ACC-${i}`));
    expect(ids).toMatchObject({ kind: "dropped", identifier: true });
    const rowNumbers = column(
      Array.from({ length: 100 }, (_, i) => String(1000 + ((i * 37) % 100))),
    );
    expect(rowNumbers).toMatchObject({ kind: "dropped", identifier: true });
    expect(column(repeat(["x"], 30))).toMatchObject({
      kind: "dropped",
      reason: expect.stringMatching(/constant/),
    });
    expect(column(repeat(["", "NA", "null"], 30))).toMatchObject({
      kind: "dropped",
      reason: "no values",
    });
    const text = column(
      Array.from(
        { length: 50 },
        (_, i) => `a long free text note number ${i} about the account and its history`,
      ),
    );
    expect(text).toMatchObject({ kind: "dropped", identifier: false });
  });

  it("keeps whole numbers that are not a row sequence", () => {
    const c = column(Array.from({ length: 100 }, (_, i) => String(i * i)));
    expect(c).toMatchObject({ kind: "numeric", source: "number" });
  });
});
