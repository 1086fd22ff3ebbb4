import { describe, expect, it } from "vitest";
import { syntheticProblem } from "../synthetic.js";
import { parseScenarioConfig } from "./config.js";
import { fromPortable, reportPlan, toPortable } from "./portable.js";
import { decodePortable, encodePortable } from "./portable-bytes.js";

function scenario(grid: boolean) {
  const problem = syntheticProblem({ n: 300, p: 7, seed: 11, grid, tags: ["fin", "gov"] });
  const parsed = parseScenarioConfig({
    measures: [
      { name: "potential", column: "revenue", tolerance: 0.1 },
      { name: "accounts", count: true, tolerance: 0.2 },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const n = problem.n;
  return toPortable(problem, {
    config: parsed.config,
    lockTo: Int32Array.from({ length: n }, (_, u) => (u % 17 === 0 ? u % problem.p : -1)),
    accountIds: Array.from({ length: n }, (_, i) => `acct-${i}-é`),
    unitOf: Int32Array.from({ length: n }, (_, i) => i),
    latitude: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : 30 + i / 100)),
    longitude: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : -100 - i / 77)),
    assign: Int32Array.from({ length: n }, (_, u) => (u * 5) % problem.p),
  });
}

describe("portable scenario as bytes", () => {
  for (const grid of [false, true])
    it(`round-trips every field exactly (${grid ? "with" : "without"} edges)`, () => {
      const s = scenario(grid);
      const extra = { report: { skillFit: Number.NaN, meanDistance: 12.5 }, note: "\u0000x" };
      const { scenario: back, extra: got } = decodePortable(encodePortable(s, extra));
      // JSON equality of the scenario: nulls where the source had nulls, numbers bit for bit.
      expect(back).toEqual(JSON.parse(JSON.stringify(s)));
      expect(back.measures).toEqual(s.measures);
      expect(Boolean(back.edges)).toBe(grid);
      expect((got as { report: { skillFit: number } }).report.skillFit).toBeNaN();
      expect((got as { report: { meanDistance: number } }).report.meanDistance).toBe(12.5);
    });

  it("gives the same report as the JSON form, from an unaligned copy too", () => {
    const s = scenario(true);
    const bytes = encodePortable(s);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { scenario: back } = decodePortable(shifted.subarray(3));
    const a = fromPortable(JSON.parse(JSON.stringify(s)));
    const b = fromPortable(back);
    expect(reportPlan(b.problem, b.rules, b.assign)).toEqual(
      reportPlan(a.problem, a.rules, a.assign),
    );
  });

  it("refuses bytes that are not a scenario or are cut short", () => {
    const bytes = encodePortable(scenario(false));
    expect(() => decodePortable(new Uint8Array(16))).toThrow(/magic/);
    expect(() => decodePortable(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
  });
});
