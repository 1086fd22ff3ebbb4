import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCoverage, type MarketAccount, type Ownership } from "./coverage.js";

const ROLES = ["AE", "BDR", "CSM", "overlay:security"] as const;

/** A market, reps per role, and a plan with exactly one owner per required pair. */
const world = fc
  .record({
    accounts: fc.integer({ min: 1, max: 60 }),
    repsPerRole: fc.integer({ min: 2, max: 5 }),
    seed: fc.integer({ min: 0, max: 1e9 }),
  })
  .chain(({ accounts, repsPerRole, seed }) => {
    let s = seed;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const market: MarketAccount[] = [];
    const owners: Ownership[] = [];
    const repRoles = new Map<string, string>();
    for (const role of ROLES)
      for (let i = 0; i < repsPerRole; i++) repRoles.set(`${role}-${i}`, role);
    for (let a = 0; a < accounts; a++) {
      const roles = ROLES.filter((_r, i) => i === 0 || rnd() < 0.5);
      market.push({ account_id: `A${a}`, roles });
      for (const role of roles)
        owners.push({
          account_id: `A${a}`,
          role,
          rep_id: `${role}-${Math.floor(rnd() * repsPerRole)}`,
        });
    }
    return fc.record({
      market: fc.constant(market),
      owners: fc.constant(owners),
      repRoles: fc.constant(repRoles),
      repsPerRole: fc.constant(repsPerRole),
      gaps: fc.uniqueArray(fc.nat({ max: owners.length - 1 }), { maxLength: 8 }),
      overlaps: fc.uniqueArray(fc.nat({ max: owners.length - 1 }), { maxLength: 8 }),
    });
  });

describe("coverage check", () => {
  it("finds every planted gap and overlap, and nothing else", () => {
    fc.assert(
      fc.property(world, ({ market, owners, repRoles, repsPerRole, gaps, overlaps }) => {
        const gapSet = new Set(gaps);
        // An overlap planted on a pair that is also a gap becomes a single foreign owner: skip it.
        const over = overlaps.filter((i) => !gapSet.has(i));
        const plan: Ownership[] = owners.filter((_, i) => !gapSet.has(i));
        for (const i of over) {
          const o = owners[i] as Ownership;
          const other = `${o.role}-${(Number(o.rep_id.split("-").pop()) + 1) % repsPerRole}`;
          plan.push({ ...o, rep_id: other });
        }
        const rep = checkCoverage(market, plan, repRoles);
        const pair = (o: { account_id: string; role: string }) => `${o.account_id}/${o.role}`;
        expect(new Set(rep.gaps.map(pair))).toEqual(
          new Set(gaps.map((i) => pair(owners[i] as Ownership))),
        );
        expect(new Set(rep.overlaps.map(pair))).toEqual(
          new Set(over.map((i) => pair(owners[i] as Ownership))),
        );
        for (const o of rep.overlaps) expect(o.reps).toHaveLength(2);
        expect(rep.ok).toBe(gaps.length === 0 && over.length === 0);
        expect(rep.covered).toBe(rep.required - gaps.length - over.length);
      }),
      { numRuns: 200 },
    );
  });

  it("lists exceptions instead of failing, and flags owners of the wrong role or unknown", () => {
    const market: MarketAccount[] = [
      { account_id: "A", roles: ["AE", "BDR"] },
      { account_id: "B", roles: ["AE"] },
    ];
    const roles = new Map([
      ["ae1", "AE"],
      ["ae2", "AE"],
      ["bdr", "BDR"],
    ]);
    const rep = checkCoverage(
      market,
      [
        { account_id: "A", rep_id: "ae1", role: "AE" },
        { account_id: "A", rep_id: "ae2", role: "AE" },
        { account_id: "B", rep_id: "bdr", role: "AE" },
        { account_id: "C", rep_id: "ghost", role: "AE" },
      ],
      roles,
      [
        { account_id: "A", role: "AE", reason: "shared strategic account" },
        { account_id: "A", role: "BDR", reason: "no BDR yet" },
      ],
    );
    expect(rep.gaps).toEqual([]);
    expect(rep.overlaps).toEqual([]);
    expect(rep.excused.map((e) => e.kind).sort()).toEqual(["gap", "overlap"]);
    expect(rep.ok).toBe(false);
    expect(rep.issues.map((i) => i.code).sort()).toEqual([
      "coverage_exception",
      "coverage_exception",
      "coverage_outside_market",
      "coverage_unknown_rep",
      "coverage_wrong_role",
    ]);
  });
});
