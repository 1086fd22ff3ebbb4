import { describe, expect, it } from "vitest";
import { parseScenarioConfig } from "./config.js";

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
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join("\n");
    expect(text).toMatch(/measures\.0: a measure needs exactly one of/);
    expect(text).toMatch(/measures\.1\.tolerance/);
    expect(text).toMatch(/colour|Unrecognized key/);
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
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join("\n");
    expect(text).toMatch(/measure a is listed twice/);
    expect(text).toMatch(/potential: potential names no measure/);
    expect(text).toMatch(/contiguity: contiguity needs geographic units/);
  });
});
