import { describe, expect, it } from "vitest";
import { formatIssue } from "../../issues.js";
import { parseScenarioConfig, parseScenarioConfigText } from "./config.js";

const codes = (r: ReturnType<typeof parseScenarioConfig>) =>
  r.ok ? [] : r.issues.map((i) => [i.code, i.path?.json?.join(".")]);

describe("scenario config", () => {
  it("fills defaults", () => {
    const r = parseScenarioConfig({ measures: [{ name: "accounts", count: true }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.weights).toEqual({ balance: 1, compactness: 1, disruption: 1 });
    expect(r.config.lockOpenOpportunities).toBe(true);
    expect(r.config.units).toBe("accounts");
  });

  it("names each offending path", () => {
    const r = parseScenarioConfig({
      measures: [
        { name: "a", column: "x", count: true },
        { name: "a", count: true, tolerance: -1 },
      ],
      potential: "zzz",
      contiguity: true,
      colour: "red",
    });
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        ["config_invalid", "measures.0"],
        ["config_invalid", "measures.1.tolerance"],
        ["config_unknown_key", "colour"],
      ]),
    );
  });

  it("is strict at every depth, with a suggestion for misspelt keys", () => {
    const r = parseScenarioConfig({
      measures: [{ name: "accounts", count: true, tolerence: 0.05 }],
      weights: { balance: 1, compactnes: 2 },
      timelimit: 30,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path?.json?.join("."), i.data?.suggestion])).toEqual([
      ["config_unknown_key", "measures.0.tolerence", "tolerance"],
      ["config_unknown_key", "weights.compactnes", "compactness"],
      ["config_unknown_key", "timelimit", "timeLimit"],
    ]);
    expect(formatIssue(r.issues[0] as never)).toBe(
      'measures[0].tolerence: unknown key "tolerence" (did you mean "tolerance"?)',
    );
  });

  it("spells centre one way and reads the US spelling as the same", () => {
    const base = { measures: [{ name: "accounts", count: true }] };
    for (const v of ["centre", "center"]) {
      const r = parseScenarioConfig({ ...base, compactAround: v });
      expect(r.ok && r.config.compactAround).toBe("centre");
    }
  });

  it("bounds the time limit", () => {
    const ok = { measures: [{ name: "accounts", count: true }] };
    expect(parseScenarioConfig({ ...ok, timeLimit: 86_400 }).ok).toBe(true);
    expect(codes(parseScenarioConfig({ ...ok, timeLimit: 1e9 }))).toEqual([
      ["config_invalid", "timeLimit"],
    ]);
  });

  it("accepts a byte-order mark and places malformed JSON", () => {
    const body = JSON.stringify({ measures: [{ name: "accounts", count: true }] });
    expect(parseScenarioConfigText(`\uFEFF${body}`, "plan.json").ok).toBe(true);
    const bad = parseScenarioConfigText(
      '{\n  "measures": [\n    { "name": "a", }\n  ]\n}',
      "plan.json",
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues[0]).toMatchObject({
      code: "config_json",
      path: { file: "plan.json", line: 3 },
    });
  });

  it("checks cross-field rules once the fields parse", () => {
    const r = parseScenarioConfig({
      measures: [
        { name: "a", count: true },
        { name: "a", count: true },
      ],
      potential: "b",
      contiguity: true,
    });
    expect(codes(r)).toEqual([
      ["config_invalid", "measures"],
      ["config_invalid", "contiguity"],
      ["config_invalid", "potential"],
    ]);
  });
});
