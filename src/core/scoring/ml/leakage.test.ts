import { describe, expect, it } from "vitest";
import { leakageSuspects } from "./leakage.js";
import { tableFromRows } from "./table.js";
import { prepare } from "./train.js";

describe("leakage suspects", () => {
  it("flags a column that alone gives the outcome away, not an honest predictor", () => {
    const rows: string[][] = [];
    for (let i = 0; i < 2000; i++) {
      const won = (i * 7919) % 10 < 4;
      // The amount of a won deal is set when it closes; a lost deal books 0.
      const closeValue = won ? String(1000 + ((i * 31) % 5000)) : "0";
      // Honest: software wins more often, but not always.
      const industry = (i * 13) % 10 < (won ? 6 : 3) ? "software" : "retail";
      const employees = String(10 + ((i * 97) % 5000));
      rows.push([closeValue, industry, employees, won ? "Won" : "Lost"]);
    }
    const { frame, target } = tableFromRows(
      ["close_value", "industry", "employees", "stage"],
      rows,
      "stage",
      "Won",
    );
    const suspects = leakageSuspects(prepare(frame), target.labels);
    expect(suspects.map((s) => s.column)).toEqual(["close_value"]);
    expect(suspects[0]?.auc).toBeCloseTo(1, 6);
  });
});
