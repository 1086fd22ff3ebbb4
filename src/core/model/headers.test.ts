import { describe, expect, it } from "vitest";
import { accounts, opportunities } from "./entities.js";
import { resolveHeader } from "./headers.js";
import { findLookalikes } from "./similar.js";

const bound = (r: ReturnType<typeof resolveHeader>, spec = opportunities) =>
  Object.fromEntries(
    spec.fields.flatMap((f, i) => {
      const s = r.sources[i];
      return s?.kind === "column" ? [[f.name, s.header]] : [];
    }),
  );

describe("resolveHeader", () => {
  it("recognises a Salesforce opportunity export", () => {
    const header = [
      "Id",
      "AccountId",
      "OwnerId",
      "Name",
      "StageName",
      "Amount",
      "CloseDate",
      "CreatedDate",
      "IsWon",
      "IsClosed",
      "Type",
    ];
    const r = resolveHeader(opportunities, header);
    expect(r.errors).toEqual([]);
    expect(bound(r)).toMatchObject({
      opportunity_id: "Id",
      account_id: "AccountId",
      owner_id: "OwnerId",
      stage: "StageName",
      amount: "Amount",
      is_won: "IsWon",
      is_closed: "IsClosed",
      type: "Type",
    });
  });

  it("prefers the canonical name over an alias, ignoring case and punctuation", () => {
    const r = resolveHeader(accounts, ["Id", "Account ID", "NAME"]);
    expect(bound(r, accounts)).toMatchObject({ account_id: "Account ID", name: "NAME" });
    expect(r.unused.map((u) => u.header)).toEqual(["Id"]);
  });

  it("reports missing required columns and mapped columns that do not exist", () => {
    const r = resolveHeader(accounts, ["company_name"], { columns: { industry: "Sector" } });
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/missing required column account_id/);
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/"Sector"/);
  });

  it("lets a mapping bind one column to two fields and set constants", () => {
    const r = resolveHeader(opportunities, ["opportunity_id", "deal_stage"], {
      columns: { stage: "deal_stage", status: "deal_stage" },
      constants: { type: "new" },
    });
    expect(bound(r)).toMatchObject({ stage: "deal_stage", status: "deal_stage" });
    expect(r.sources[opportunities.fields.findIndex((f) => f.name === "type")]).toEqual({
      kind: "constant",
      value: "new",
    });
  });
});

describe("findLookalikes", () => {
  it("flags spellings that match after normalising and likely typos, never the common value", () => {
    const found = findLookalikes(
      [
        { value: "GTX Pro", count: 100 },
        { value: "GTXPro", count: 50 },
        { value: "retail", count: 17 },
        { value: "technolgy", count: 12 },
      ],
      ["technology", "retail"],
    );
    expect(found).toEqual([
      { value: "GTXPro", count: 50, like: "GTX Pro", reason: "normalised" },
      { value: "technolgy", count: 12, like: "technology", reason: "misspelling" },
    ]);
  });

  it("never calls codes that differ in digits misspellings (county FIPS, ZIP, model numbers)", () => {
    expect(
      findLookalikes([
        { value: "36061", count: 40 },
        { value: "39061", count: 6 },
        { value: "6001", count: 3 },
        { value: "16001", count: 2 },
        { value: "Model 300", count: 5 },
        { value: "Model 310", count: 2 },
      ]),
    ).toEqual([]);
    // A letter typo next to digits is still caught.
    expect(
      findLookalikes([
        { value: "Model 300", count: 5 },
        { value: "Modle 300", count: 2 },
      ]).map((l) => l.value),
    ).toEqual(["Modle 300"]);
  });

  it("leaves distinct short words alone", () => {
    expect(
      findLookalikes([
        { value: "AE", count: 3 },
        { value: "SE", count: 2 },
        { value: "retail", count: 2 },
        { value: "rental", count: 1 },
      ]),
    ).toEqual([]);
  });
});
