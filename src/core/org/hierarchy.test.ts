import { describe, expect, it } from "vitest";
import { buildOrg, type MemberInput, type OrgUnitInput } from "./hierarchy.js";

const units: OrgUnitInput[] = [
  { id: "west", level: "region", parent: null },
  { id: "east", level: "region", parent: null },
  { id: "w1", level: "team", parent: "west" },
  { id: "e1", level: "team", parent: "east" },
];
const members: MemberInput[] = [
  { rep_id: "a", team: "w1", role: "AE" },
  { rep_id: "b", team: "w1", role: "BDR" },
  { rep_id: "c", team: "e1", role: "AE" },
  { rep_id: "o", team: "e1", role: "overlay", product: "security" },
];

const codes = (r: ReturnType<typeof buildOrg>) => (r.ok ? [] : r.issues.map((i) => i.code));

describe("buildOrg", () => {
  it("assembles regions, teams and reps", () => {
    const r = buildOrg({ units, members, named: [{ account_id: "X", rep_id: "c" }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.regions).toEqual(["west", "east"]);
    expect(r.value.teams.get("west")).toEqual(["w1"]);
    expect(r.value.repById.get("o")).toMatchObject({ region: "east", product: "security" });
    expect(r.value.named.get("X")).toBe("c");
  });

  it("names the units of a cycle", () => {
    const r = buildOrg({
      units: [
        ...units,
        { id: "t1", level: "team", parent: "t2" },
        { id: "t2", level: "team", parent: "t1" },
      ],
      members,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const cyc = r.issues.filter((i) => i.code === "org_cycle");
    expect(cyc).toHaveLength(1);
    expect([...((cyc[0]?.data?.cycle as string[]) ?? [])].sort()).toEqual(["t1", "t2"]);
  });

  it("names an orphan, a wrong level, a rep in two teams, a named account listed twice", () => {
    const r = buildOrg({
      units: [
        ...units,
        { id: "lost", level: "team", parent: "nowhere", source: { file: "org.csv", line: 6 } },
        { id: "sub", level: "team", parent: "w1" },
        { id: "west", level: "region", parent: null },
      ],
      members: [
        ...members,
        { rep_id: "a", team: "e1", role: "AE" },
        { rep_id: "z", team: "x", role: "AE" },
      ],
      named: [
        { account_id: "X", rep_id: "c" },
        { account_id: "X", rep_id: "a" },
        { account_id: "Y", rep_id: "nobody" },
        { account_id: "Q", rep_id: "a" },
      ],
      accounts: new Set(["X", "Y"]),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "org_orphan",
          ids: { unit_id: "lost" },
          path: { file: "org.csv", line: 6 },
        }),
        expect.objectContaining({ code: "org_level", ids: { unit_id: "sub" } }),
        expect.objectContaining({ code: "org_duplicate_unit", ids: { unit_id: "west" } }),
        expect.objectContaining({ code: "org_rep_in_two_teams", ids: { rep_id: "a" } }),
        expect.objectContaining({ code: "org_unknown_team", ids: { rep_id: "z", unit_id: "x" } }),
        expect.objectContaining({
          code: "org_named_duplicate",
          ids: { account_id: "X", rep_id: "a" },
        }),
        expect.objectContaining({
          code: "org_named_unknown_rep",
          ids: { account_id: "Y", rep_id: "nobody" },
        }),
        expect.objectContaining({ code: "org_named_unknown_account", ids: { account_id: "Q" } }),
      ]),
    );
    expect(codes(r)).toHaveLength(8);
  });

  it("a team without a parent is an orphan", () => {
    const r = buildOrg({ units: [{ id: "t", level: "team", parent: null }], members: [] });
    expect(codes(r)).toEqual(["org_orphan"]);
  });
});
