import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lcg } from "../analytics/test-random.js";
import { checkRefresh } from "./check.js";
import { type BookConfig, BookConfigSchema } from "./config.js";
import { refreshBooks } from "./engine.js";
import { POLICIES } from "./policy.js";
import type {
  AccountState,
  BookAccountInput,
  BookInput,
  BookRep,
  BookState,
  RefreshResult,
} from "./types.js";

/** A random world that changes between refreshes: accounts, reps, plans, surges, deals. */
function world(seed: number, steps: number, c: BookConfig): BookInput[] {
  const u = lcg(seed);
  const int = (n: number) => Math.floor(u() * n);
  const nAe = 1 + int(4);
  const nBdr = int(3);
  const nAcc = 5 + int(80);
  let reps: BookRep[] = [
    ...Array.from({ length: nAe }, (_, i) => ({
      id: `AE${i}`,
      role: "ae" as const,
      capacity: 2 + int(12),
    })),
    ...Array.from({ length: nBdr }, (_, i) => ({
      id: `BDR${i}`,
      role: "bdr" as const,
      capacity: int(6),
    })),
  ];
  const owner = () => (u() < 0.1 ? null : `AE${int(nAe + (u() < 0.05 ? 1 : 0))}`);
  let accounts: BookAccountInput[] = Array.from({ length: nAcc }, (_, i) => ({
    id: `A${String(i).padStart(3, "0")}`,
    patchOwner: owner(),
    value: u() < 0.1 ? 0 : Math.round(1000 * u() * u() * 100),
    goodFit: u() < 0.4,
    inIcp: u() < 0.9,
    isCustomer: u() < 0.2,
    openOpportunity: u() < 0.2,
    lastEngagement: null,
    lastQualifying: null,
    inMarket: false,
    surgeScore: 0,
    lostNew: 0,
    lastWonNew: null,
  }));
  let day = 20_000;
  let plan = "p1";
  const out: BookInput[] = [];
  for (let s = 0; s < steps; s++) {
    day += u() < 0.2 ? 1 + int(200) : c.cadenceDays;
    if (u() < 0.1) plan = `p${s + 2}`;
    if (u() < 0.15)
      reps = reps.map((r) =>
        u() < 0.5 ? { ...r, capacity: Math.max(0, r.capacity + int(7) - 3) } : r,
      );
    if (u() < 0.1 && reps.length > 1) reps = reps.filter((_, i) => i !== int(reps.length));
    accounts = accounts
      .filter(() => u() > 0.03)
      .map((a) => {
        const surge = u() < 0.25;
        const engaged = u() < 0.4;
        return {
          ...a,
          patchOwner: u() < 0.08 ? owner() : a.patchOwner,
          value: u() < 0.1 ? Math.round(1000 * u() * 100) : a.value,
          goodFit: u() < 0.1 ? !a.goodFit : a.goodFit,
          inIcp: u() < 0.08 ? !a.inIcp : a.inIcp,
          openOpportunity: u() < 0.2 ? !a.openOpportunity : a.openOpportunity,
          lastEngagement: engaged ? day - int(40) : a.lastEngagement,
          lastQualifying: u() < 0.2 ? day - int(20) : a.lastQualifying,
          inMarket: surge,
          surgeScore: surge ? 5 * u() : 0,
          lostNew: a.lostNew + (u() < 0.1 ? 1 + int(2) : 0),
          lastWonNew: u() < 0.05 ? day - int(5) : a.lastWonNew,
        };
      });
    out.push({ day, planId: plan, reps, accounts, intentAvailable: true });
  }
  return out;
}

const configArb = fc
  .record({
    coreShare: fc.double({ min: 0, max: 1, noNaN: true }),
    staleDays: fc.integer({ min: 0, max: 90 }),
    holdoverDays: fc.integer({ min: 0, max: 60 }),
    coolDownDays: fc.integer({ min: 0, max: 120 }),
    maxRotationsPerRefresh: fc.integer({ min: 0, max: 5 }),
    inMarketThreshold: fc.double({ min: 0, max: 4, noNaN: true }),
    inMarketHoldDays: fc.integer({ min: 0, max: 30 }),
    qualifyDays: fc.integer({ min: 0, max: 40 }),
    coreTermDays: fc.integer({ min: 1, max: 400 }),
    fairnessTolerance: fc.double({ min: 0, max: 2, noNaN: true }),
    handOffWon: fc.boolean(),
    inMarketToAe: fc.boolean(),
  })
  .map((r) => BookConfigSchema.parse(r));

/** Run a world through a policy, checking every refresh independently. */
function replay(inputs: readonly BookInput[], c: BookConfig, p: (typeof POLICIES)[number]) {
  let prev: BookState | null = null;
  const results: RefreshResult[] = [];
  for (const input of inputs) {
    const r = refreshBooks(input, prev, c, p);
    const violations = checkRefresh(input, prev, c, p, r);
    if (violations.length) return { violations, results };
    results.push(r);
    prev = r.state;
  }
  return { violations: [] as string[], results };
}

describe.each(POLICIES.map((p) => [p.name, p] as const))("book policy %s", (_name, policy) => {
  it("keeps every invariant over random worlds and refresh sequences", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 8 }),
        configArb,
        (seed, steps, c) => {
          const { violations } = replay(world(seed, steps, c), c, policy);
          expect(violations).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is deterministic and ignores the order of accounts and reps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), configArb, (seed, c) => {
        const inputs = world(seed, 4, c);
        const a = replay(inputs, c, policy).results;
        const shuffled = inputs.map((x) => ({
          ...x,
          accounts: [...x.accounts].reverse(),
          reps: [...x.reps].reverse(),
        }));
        const b = replay(shuffled, c, policy).results;
        const view = (rs: RefreshResult[]) =>
          rs.map((r) =>
            [...r.state.accounts.entries()]
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([id, s]) => `${id}:${s.stage}:${s.ae}:${s.bdr}`),
          );
        expect(view(b)).toEqual(view(a));
      }),
      { numRuns: 40 },
    );
  });
});

describe("the invariant check", () => {
  const c = BookConfigSchema.parse({ maxRotationsPerRefresh: 2 });
  const inputs = world(7, 5, c);
  const dyn = POLICIES.find((p) => p.name === "dynamic");
  if (!dyn) throw new Error("no dynamic policy");

  it("catches an account in two books, a book over capacity, a queue with a cold account", () => {
    let prev: BookState | null = null;
    let r: RefreshResult | undefined;
    let input: BookInput | undefined;
    for (const x of inputs) {
      input = x;
      r = refreshBooks(x, prev, c, dyn);
      prev = r.state;
    }
    if (!r || !input) throw new Error("no refresh");
    const ae = r.books.find((b) => b.role === "ae" && b.core.length > 0);
    const other = r.books.find((b) => b.role === "ae" && b !== ae);
    if (ae && other) {
      const doubled = {
        ...r,
        books: r.books.map((b) =>
          b === other ? { ...b, rotating: [...b.rotating, ae.core[0] ?? ""] } : b,
        ),
      };
      expect(checkRefresh(input, null, c, dyn, doubled).join("\n")).toMatch(/is in core of/);
    }
    if (ae) {
      const over = { ...r, books: r.books.map((b) => (b === ae ? { ...b, capacity: 0 } : b)) };
      expect(checkRefresh(input, null, c, dyn, over).join("\n")).toMatch(/over capacity/);
    }
  });

  it("catches a core account dropped without a listed reason", () => {
    const first = inputs[0] as BookInput;
    const r1 = refreshBooks(first, null, c, dyn);
    const second = { ...first, day: first.day + 7 };
    const r2 = refreshBooks(second, r1.state, c, dyn);
    const victim = r2.books.find((b) => b.core.length > 0)?.core[0];
    if (!victim) return;
    const accounts = new Map(r2.state.accounts);
    accounts.set(victim, { ...(accounts.get(victim) as AccountState), stage: "warming", ae: null });
    const broken = {
      ...r2,
      state: { ...r2.state, accounts },
      books: r2.books.map((b) => ({ ...b, core: b.core.filter((id) => id !== victim) })),
    };
    expect(checkRefresh(second, r1.state, c, dyn, broken).join("\n")).toMatch(
      /left the core .* without a transition/,
    );
  });
});

describe("the random worlds", () => {
  it("exercise every core exit reason, rotation, cool-down and the BDR lane", () => {
    const seen = new Set<string>();
    const dyn = POLICIES.find((p) => p.name === "dynamic");
    if (!dyn) throw new Error("no dynamic policy");
    for (let seed = 1; seed <= 300; seed++) {
      const c = BookConfigSchema.parse({ coreTermDays: 100 + (seed % 300), handOffWon: true });
      for (const r of replay(world(seed, 8, c), c, dyn).results)
        for (const t of r.transitions) seen.add(`${t.to}:${t.reason}`);
    }
    for (const reason of ["won_handoff", "lost_twice", "out_of_icp", "patch_changed", "new_term"])
      expect(
        [...seen].some((s) => s.endsWith(`:${reason}`)),
        reason,
      ).toBe(true);
    for (const s of [
      "rotating:rotated_in",
      "rotating:in_market_to_ae",
      "bdr:to_bdr",
      "core:core_refill",
      "pool:dissolved",
    ])
      expect(seen.has(s), s).toBe(true);
    expect([...seen].some((s) => s.endsWith(":stale"))).toBe(true);
  });
});

describe("in-market accounts beyond the BDR lane", () => {
  it("go to idle AE capacity only when configured, and never past the rotations per refresh", () => {
    const dyn = POLICIES.find((p) => p.name === "dynamic");
    if (!dyn) throw new Error("no dynamic policy");
    let direct = 0;
    let waiting = 0;
    for (let seed = 1; seed <= 60; seed++) {
      for (const inMarketToAe of [true, false]) {
        const c = BookConfigSchema.parse({ inMarketToAe });
        const { results } = replay(world(seed, 8, c), c, dyn);
        for (const r of results) {
          const toAe = r.transitions.filter((t) => t.reason === "in_market_to_ae").length;
          if (!inMarketToAe) expect(toAe).toBe(0);
          else direct += toAe;
          if (!inMarketToAe) waiting += r.transitions.filter((t) => t.to === "in_market").length;
        }
      }
    }
    expect(direct).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(0);
  });
});
