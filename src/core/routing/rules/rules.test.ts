import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccountStanding } from "../standing.js";
import { parseRoutingConfig, type RoutingConfig } from "./config.js";
import { buildRules, decide } from "./decide.js";
import type { RepStatus, RouteLead, RoutingState } from "./types.js";

const REPS = ["R1", "R2", "R3", "R4", "B1", "B2"];
const config: RoutingConfig = (() => {
  const r = parseRoutingConfig(
    {
      version: 3,
      rules: [
        { kind: "book_owner" },
        { kind: "lifecycle", bdrPool: "bdr" },
        { kind: "territory" },
        { kind: "round_robin", pool: "inbound" },
        { kind: "fallback", queue: "unassigned" },
      ],
      pools: [
        { id: "bdr", members: [{ rep: "B1" }, { rep: "B2" }] },
        {
          id: "inbound",
          members: [{ rep: "R1" }, { rep: "R2", weight: 2 }, { rep: "R3" }],
          dailyCap: 50,
        },
        { id: "west", members: [{ rep: "R3" }, { rep: "R4" }], respectWorkingHours: true },
      ],
      territories: [
        { id: "tx-big", rep: "R1", match: { states: ["TX"], minEmployees: 1000 } },
        { id: "west", pool: "west", match: { states: ["CA", "OR", "WA"] } },
      ],
    },
    new Set(REPS),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
})();
const rules = buildRules(config);

const arbStanding: fc.Arbitrary<AccountStanding | null> = fc.option(
  fc.record({
    bookOwner: fc.option(fc.constantFrom(...REPS)),
    bdr: fc.option(fc.constantFrom("B1", "B2")),
    patchOwner: fc.option(fc.constantFrom("R1", "R2", "R3", "R4")),
    stage: fc.option(
      fc.constantFrom(
        "pool",
        "warming",
        "in_market",
        "bdr",
        "qualified",
        "rotating",
        "core",
      ) as fc.Arbitrary<AccountStanding["stage"] & string>,
    ),
    source: fc.constantFrom("books", "plan") as fc.Arbitrary<"books" | "plan">,
  }),
);
const arbRep = (id: string): fc.Arbitrary<RepStatus> =>
  fc.record({
    id: fc.constant(id),
    active: fc.constantFrom(true, true, true, true, false),
    outOfOffice: fc.option(
      fc.constant([{ from: "2026-06-01T00:00:00Z", to: "2026-06-03T00:00:00Z" }]),
      { nil: undefined },
    ),
    workingHours: fc.option(
      fc.constant({
        timeZone: "America/Los_Angeles",
        days: [1, 2, 3, 4, 5],
        start: "09:00",
        end: "17:00",
      }),
      { nil: undefined },
    ),
  });
const arbState: fc.Arbitrary<RoutingState> = fc.record({
  now: fc.constantFrom("2026-06-02T18:00:00Z", "2026-06-05T03:00:00Z", "2026-06-08T20:00:00Z"),
  match: fc.record({
    accountId: fc.option(fc.constantFrom("A1", "A2")),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  account: fc.constant(null),
  standing: arbStanding,
  reps: fc.tuple(...REPS.map(arbRep)).map((rs) => new Map(rs.map((r) => [r.id, r]))),
  load: fc
    .dictionary(fc.constantFrom(...REPS), fc.record({ today: fc.nat(60), week: fc.nat(200) }))
    .map((d) => new Map(Object.entries(d))),
  turns: fc
    .dictionary(
      fc.constantFrom("bdr", "inbound", "west"),
      fc.dictionary(fc.constantFrom(...REPS), fc.nat(30)),
    )
    .map((d) => new Map(Object.entries(d).map(([k, v]) => [k, new Map(Object.entries(v))]))),
});
const arbLead: fc.Arbitrary<RouteLead> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  state: fc.option(fc.constantFrom("TX", "CA", "NY", "California", "wa")),
  employees: fc.option(fc.nat(5000)),
  industry: fc.option(fc.constantFrom("Software", "Retail")),
});

describe("every routing rule (contract)", () => {
  it.each(rules.map((r) => [r.name, r] as const))(
    "%s: well-formed, pure, never picks an unavailable or capped rep",
    (_n, rule) => {
      fc.assert(
        fc.property(arbLead, arbState, (lead, state) => {
          const before = JSON.stringify([...state.turns].map(([k, v]) => [k, [...v]]));
          const a = rule.decide(lead, state);
          expect(rule.decide(lead, state)).toEqual(a);
          expect(JSON.stringify([...state.turns].map(([k, v]) => [k, [...v]]))).toBe(before);
          if (a.kind === "pass") {
            expect(a.why.length).toBeGreaterThan(0);
            return;
          }
          expect((a.ownerId === null) !== (a.queue === null)).toBe(true);
          expect(a.reasons.length).toBeGreaterThan(0);
          const chosen = a.candidates.filter((c) => c.chosen);
          if (a.ownerId) {
            const rep = state.reps.get(a.ownerId);
            expect(rep?.active).toBe(true);
            if (chosen.length) expect(chosen.map((c) => c.repId)).toContain(a.ownerId);
          }
          for (const c of a.candidates) if (!c.eligible) expect(c.chosen).toBe(false);
          if (a.turn) {
            expect(a.turn.repId).toBe(a.ownerId);
            const load = state.load.get(a.turn.repId);
            const pool = config.pools.find((p) => p.id === a.turn?.pool);
            if (pool?.dailyCap !== undefined) expect(load?.today ?? 0).toBeLessThan(pool.dailyCap);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it("decide: the first assigning rule fires; the trail lists every rule before it", () => {
    fc.assert(
      fc.property(arbLead, arbState, (lead, state) => {
        const d = decide(lead, state, rules, config.version);
        const at = rules.findIndex((r) => r.name === d.rule);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(d.trail.map((t) => t.rule)).toEqual(rules.slice(0, at).map((r) => r.name));
        expect(d.ownerId !== null || d.queue !== null).toBe(true);
        expect(d.configVersion).toBe(3);
      }),
      { numRuns: 300 },
    );
  });
});

describe("round-robin pools", () => {
  const reps = new Map(REPS.map((id) => [id, { id, active: true } as RepStatus]));
  const route = (n: number, cfg: RoutingConfig, available = reps) => {
    const rs = buildRules(cfg);
    const turns = new Map<string, Map<string, number>>();
    const load = new Map<string, { today: number; week: number }>();
    const owners: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      const d = decide(
        { id: `L${i}` },
        {
          now: "2026-06-02T18:00:00Z",
          match: { accountId: null, confidence: 0 },
          account: null,
          standing: null,
          reps: available,
          load,
          turns,
        },
        rs,
        cfg.version,
      );
      owners.push(d.ownerId);
      if (d.turn) {
        const t = turns.get(d.turn.pool) ?? new Map();
        t.set(d.turn.repId, (t.get(d.turn.repId) ?? 0) + 1);
        turns.set(d.turn.pool, t);
      }
      if (d.ownerId) {
        const l = load.get(d.ownerId) ?? { today: 0, week: 0 };
        load.set(d.ownerId, { today: l.today + 1, week: l.week + 1 });
      }
    }
    return { owners, turns };
  };
  const rrConfig = (members: { rep: string; weight?: number }[], extra: object = {}) => {
    const r = parseRoutingConfig({
      version: 1,
      rules: [
        { kind: "round_robin", pool: "p" },
        { kind: "fallback", queue: "q" },
      ],
      pools: [{ id: "p", members, ...extra }],
    });
    if (!r.ok) throw new Error("bad config");
    return r.value;
  };

  it("equal weights: counts differ by at most one after any number of leads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 200 }), (k, n) => {
        const { turns } = route(n, rrConfig(REPS.slice(0, k).map((rep) => ({ rep }))));
        const counts = REPS.slice(0, k).map((r) => turns.get("p")?.get(r) ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
      }),
    );
  });

  it("weights: each member's turns stay within one of its weighted share", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 300 }),
        (weights, n) => {
          const members = weights.map((w, i) => ({ rep: REPS[i] as string, weight: w }));
          const { turns } = route(n, rrConfig(members));
          const total = weights.reduce((a, b) => a + b, 0);
          members.forEach((m) => {
            expect(
              Math.abs((turns.get("p")?.get(m.rep) ?? 0) - (n * m.weight) / total),
            ).toBeLessThanOrEqual(1 + 1e-9);
          });
        },
      ),
    );
  });

  it("caps and absences: nobody passes a cap, absent reps get nothing, overflow falls back", () => {
    const away = new Map(reps);
    away.set("R2", {
      id: "R2",
      active: true,
      outOfOffice: [{ from: "2026-06-01T00:00:00Z", to: "2026-06-09T00:00:00Z" }],
    });
    const { owners } = route(
      20,
      rrConfig([{ rep: "R1" }, { rep: "R2" }, { rep: "R3" }], { dailyCap: 4 }),
      away,
    );
    expect(owners.filter((o) => o === "R1").length).toBe(4);
    expect(owners.filter((o) => o === "R3").length).toBe(4);
    expect(owners.filter((o) => o === "R2").length).toBe(0);
    expect(owners.filter((o) => o === null).length).toBe(12);
  });

  it("working hours are read in the rep's time zone", () => {
    const cfg = rrConfig([{ rep: "R1" }], { respectWorkingHours: true });
    const pacific = new Map([
      [
        "R1",
        {
          id: "R1",
          active: true,
          workingHours: {
            timeZone: "America/Los_Angeles",
            days: [1, 2, 3, 4, 5],
            start: "09:00",
            end: "17:00",
          },
        },
      ],
    ]);
    const at = (now: string) =>
      decide(
        { id: "L" },
        {
          now,
          match: { accountId: null, confidence: 0 },
          account: null,
          standing: null,
          reps: pacific,
          load: new Map(),
          turns: new Map(),
        },
        buildRules(cfg),
        1,
      ).ownerId;
    expect(at("2026-06-02T18:00:00Z")).toBe("R1"); // Tuesday 11:00 in Los Angeles
    expect(at("2026-06-02T03:00:00Z")).toBeNull(); // Monday 20:00 there
    expect(at("2026-06-06T18:00:00Z")).toBeNull(); // Saturday
  });
});

describe("routing config", () => {
  it("reports unknown pools and reps with their JSON path", () => {
    const r = parseRoutingConfig(
      {
        version: 1,
        rules: [
          { kind: "round_robin", pool: "nope" },
          { kind: "fallback", queue: "q" },
        ],
        pools: [{ id: "p", members: [{ rep: "ghost" }] }],
      },
      new Set(["R1"]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path?.json])).toEqual([
      ["routing_unknown_rep", ["pools", 0, "members", 0, "rep"]],
      ["routing_unknown_pool", ["rules", 0, "pool"]],
    ]);
  });

  it("requires a fallback last and a known shape", () => {
    const a = parseRoutingConfig({ version: 1, rules: [{ kind: "book_owner" }] });
    expect(a.ok ? [] : a.issues.map((i) => i.code)).toEqual(["routing_config_invalid"]);
    const b = parseRoutingConfig({ version: 1, rules: [{ kind: "teleport" }] });
    expect(b.ok ? [] : b.issues.map((i) => [i.code, i.path?.json])).toEqual([
      ["routing_config_invalid", ["rules", 0, "kind"]],
    ]);
  });
});
