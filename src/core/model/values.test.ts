import { describe, expect, it } from "vitest";
import { opportunities } from "./entities.js";
import { parseBoolean, parseEnum, parseInteger, parseNumber, parseTags } from "./values.js";

const value = <T>(r: { ok: true; value: T | null } | { ok: false; reason: string }) => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe("cell parsers", () => {
  it("reads numbers as CRM exports write them", () => {
    expect(value(parseNumber("1,234.5"))).toBe(1234.5);
    expect(value(parseNumber("$1,234"))).toBe(1234);
    expect(value(parseNumber("(12.5)"))).toBe(-12.5);
    expect(value(parseNumber("1.5e6"))).toBe(1_500_000);
    expect(value(parseNumber("1.234,5", ","))).toBe(1234.5);
    expect(value(parseNumber("12,5", ","))).toBe(12.5);
    expect(value(parseNumber(" N/A "))).toBeNull();
    expect(parseNumber("12,5").ok).toBe(false);
    expect(parseNumber("abc").ok).toBe(false);
    expect(parseNumber("1.2.3").ok).toBe(false);
  });

  it("accepts whole numbers only for integers", () => {
    expect(value(parseInteger("2,822"))).toBe(2822);
    expect(value(parseInteger("12.0"))).toBe(12);
    expect(parseInteger("12.5").ok).toBe(false);
  });

  it("reads booleans, tags and enums with synonyms", () => {
    expect(value(parseBoolean("Yes"))).toBe(true);
    expect(value(parseBoolean("0"))).toBe(false);
    expect(parseBoolean("maybe").ok).toBe(false);
    expect(value(parseTags("aws; snowflake ;aws|x"))).toEqual(["aws", "snowflake", "aws|x"]);
    expect(value(parseTags("a|b"))).toEqual(["a", "b"]);
    const type = opportunities.fields.find((f) => f.name === "type");
    if (!type) throw new Error("no type field");
    expect(value(parseEnum("New Business", type))).toBe("new");
    expect(value(parseEnum("Existing Business", type))).toBe("expansion");
    expect(value(parseEnum("RENEWAL", type))).toBe("renewal");
    const bad = parseEnum("Partner", type);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toContain("new, expansion, renewal");
  });
});
