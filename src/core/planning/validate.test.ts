import { describe, expect, it } from "vitest";
import { makeProblem } from "./problem.js";
import { balance } from "./rules/balance.js";
import { locked } from "./rules/locked.js";
import { tolerance } from "./rules/tolerance.js";
import { validatePlan } from "./validate.js";

const p = makeProblem({
  measureNames: ["potential", "accounts"],
  measures: [4, 1, 2, 1, 2, 1, 4, 1],
  x: [0, 1, 2, 3],
  y: [0, 0, 0, 0],
  capacity: [1, 1],
});

describe("validatePlan", () => {
  it("accepts a balanced plan and computes the objective from scratch", () => {
    const rules = [tolerance(p, 0, 0.01), balance(p, [0, 1], 2)];
    const c = validatePlan(p, rules, Int32Array.from([0, 0, 1, 1]));
    expect(c.valid).toBe(true);
    expect(c.objective).toBe(0);
    expect([...c.loads]).toEqual([6, 2, 6, 2]);
  });

  it("reports gaps, unknown reps, broken tolerances and locks", () => {
    const rules = [tolerance(p, 0, 0.01), locked(p, Int32Array.from([1, -1, -1, -1]))];
    const c = validatePlan(p, rules, Int32Array.from([0, -1, 5, 0]));
    expect(c.valid).toBe(false);
    expect(c.issues.map((i) => [i.code, i.ids])).toEqual([
      ["unit_unassigned", { unit_id: "#1" }],
      ["unit_unassigned", { unit_id: "#2" }],
      ["tolerance_exceeded", expect.objectContaining({ rep_id: "#0", measure: "potential" })],
      ["tolerance_exceeded", expect.objectContaining({ rep_id: "#1", measure: "potential" })],
      ["lock_broken", expect.objectContaining({ unit_id: "#0", rep_id: "#1" })],
    ]);
    expect(c.issues[3]?.data?.load).toBe(0);
    expect(c.issues[3]?.data?.lower).toBeCloseTo(5.94, 12);
  });

  it("weights the balance objective as mean relative deviation", () => {
    // Loads 8/4 against targets 6/6 on potential, 2/2 on accounts: mean |dev|/target = (2/6 + 2/6) / 4.
    const c = validatePlan(p, [balance(p, [0, 1], 3)], Int32Array.from([0, 1, 1, 0]));
    expect(c.objective).toBeCloseTo((3 * (2 / 6 + 2 / 6)) / 4, 12);
  });
});
