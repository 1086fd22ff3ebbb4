import { describe, expect, it } from "vitest";
import { generateLeads, generateMatchAccounts } from "./leads.js";

describe("synthetic leads", () => {
  const accounts = generateMatchAccounts(3, 2000);
  const leads = generateLeads(accounts, { seed: 3, count: 3000, asOf: "2026-06-30" });

  it("is reproducible from its seed and differs with it", () => {
    expect(generateLeads(accounts, { seed: 3, count: 3000, asOf: "2026-06-30" })).toEqual(leads);
    expect(generateLeads(accounts, { seed: 4, count: 3000, asOf: "2026-06-30" })).not.toEqual(
      leads,
    );
  });

  it("has truth that names real accounts and about the asked share of other companies", () => {
    const ids = new Set(accounts.map((a) => a.id));
    const other = leads.filter((l) => l.truthAccountId === null).length / leads.length;
    expect(other).toBeGreaterThan(0.25);
    expect(other).toBeLessThan(0.35);
    for (const l of leads) if (l.truthAccountId) expect(ids.has(l.truthAccountId)).toBe(true);
    expect(new Set(leads.map((l) => l.id)).size).toBe(leads.length);
  });

  it("carries the noise of real forms", () => {
    const share = (tag: string) =>
      leads.filter((l) => l.noise.split(";").includes(tag)).length / leads.length;
    for (const tag of [
      "free_mail",
      "misspelt",
      "no_suffix",
      "other_suffix",
      "lower_case",
      "no_company",
      "other_company",
      "near_namesake",
    ])
      expect(share(tag), tag).toBeGreaterThan(0.005);
    // Leads created within the 90 days before the as-of date.
    for (const l of leads)
      expect(
        l.createdAt.slice(0, 10) <= "2026-06-30" && l.createdAt.slice(0, 10) >= "2026-04-01",
      ).toBe(true);
  });
});
