import { describe, expect, it } from "vitest";
import { seeded } from "../random.js";
import { cutDeal, dealAt } from "./asof.js";
import { forecast } from "./forecast.js";
import { AmountRealisation, closeQuantile, DealModel, ownerRecord, winBy } from "./model.js";
import type { DealEvent, DealRecord, ForecastInput, UsageRecord } from "./types.js";

/**
 * Deals from a known process: each gets a forecast category with a known win probability
 * (commit 0.75, best case 0.45, pipeline 0.15), closes after a geometric time (daily hazard `h`,
 * the same for wins and losses) and is won with its probability. For a deal still open at T the
 * true P(win) is its category's probability and P(win within d days) = p (1 - (1 - h)^d).
 */
const P = { commit: 0.75, best_case: 0.45, pipeline: 0.15 } as const;
const H = 1 - 0.88 ** (1 / 7); // 12% of open deals close each week

function market(
  seed: number,
  deals: number,
  days: number,
): ForecastInput & { truth: Map<string, number> } {
  const rng = seeded(seed);
  const out: DealRecord[] = [];
  const usage: UsageRecord[] = [];
  const truth = new Map<string, number>();
  const cats = Object.keys(P) as (keyof typeof P)[];
  for (let i = 0; i < deals; i++) {
    const id = `D${i}`;
    const created = Math.floor(rng.next() * days);
    const category = cats[Math.floor(rng.next() * 3)] as keyof typeof P;
    const p = P[category];
    const life = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - H));
    const won = rng.next() < p;
    const close = created + life;
    const amount = 1000 * (1 + Math.floor(rng.next() * 20));
    const events: DealEvent[] = [
      { day: created, stage: "Working", status: "open", amount, closeDate: created + 45, category },
      {
        day: close,
        stage: won ? "Closed Won" : "Closed Lost",
        status: won ? "won" : "lost",
        amount,
        closeDate: close,
        category: won ? "closed" : "omitted",
      },
    ];
    truth.set(id, p);
    const account = `A${i}`;
    for (let d = created; d < Math.min(close, created + 30); d += 3)
      usage.push({ account, day: d, value: 1 + (i % 5) });
    out.push({
      id,
      account,
      owner: `R${i % 7}`,
      type: "new",
      created,
      status: won ? "won" : "lost",
      stage: won ? "Closed Won" : "Closed Lost",
      amount,
      closeDate: close,
      category: null,
      events,
    });
  }
  const reps = Array.from({ length: 7 }, (_, r) => ({
    id: `R${r}`,
    team: r < 4 ? "East" : "West",
    manager: `M${r % 2}`,
  }));
  return { deals: out, usage, reps, quotas: [], truth };
}

describe("deal model", () => {
  const T = 900;
  const data = market(5, 9000, 1000);
  const model = DealModel.fit(data, T);
  const scores = model.scoreOpen(data.deals);

  it("is calibrated against the known win probabilities of open deals", () => {
    expect(scores.length).toBeGreaterThan(300);
    for (const [category, p] of Object.entries(P)) {
      const mine = scores.filter((s) => s.state.category === category);
      const mean = mine.reduce((a, s) => a + s.pWin, 0) / mine.length;
      expect(Math.abs(mean - p), category).toBeLessThan(0.05);
    }
    let err = 0;
    for (const s of scores) err += Math.abs(s.pWin - (data.truth.get(s.deal.id) as number));
    expect(err / scores.length).toBeLessThan(0.06);
  });

  it("gives the known chance of winning within a few weeks, and close-date quantiles in order", () => {
    for (const days of [7, 28, 91]) {
      let pred = 0;
      let known = 0;
      for (const s of scores) {
        pred += winBy(s, T, T + days);
        known += (data.truth.get(s.deal.id) as number) * (1 - (1 - H) ** days);
      }
      expect(Math.abs(pred - known) / known, `${days} days`).toBeLessThan(0.1);
    }
    const s = scores[0];
    if (!s) throw new Error("no open deal");
    const q = [0.1, 0.5, 0.9].map((x) => closeQuantile(s, T, x) ?? Number.POSITIVE_INFINITY);
    expect(q[0]).toBeLessThanOrEqual(q[1] as number);
    expect(q[1]).toBeLessThanOrEqual(q[2] as number);
    // Geometric closing: the median close of a won deal is about ln 2 / h days away.
    const median = scores.map((x) => (closeQuantile(x, T, 0.5) ?? 0) - T).sort((a, b) => a - b)[
      scores.length >> 1
    ] as number;
    expect(Math.abs(median - Math.log(2) / H)).toBeLessThan(10);
  });

  it("reads nothing after the origin: a data set cut at T gives the same forecast", () => {
    const cut: ForecastInput = {
      deals: data.deals.map((d) => cutDeal(d, T)).filter((d): d is DealRecord => d !== undefined),
      usage: data.usage.filter((u) => u.day <= T),
      reps: data.reps,
      quotas: [],
    };
    const a = forecast(data, T, { draws: 300 });
    const b = forecast(cut, T, { draws: 300 });
    expect(b.rows).toEqual(a.rows);
    expect(b.scores.map((s) => s.pWin)).toEqual(a.scores.map((s) => s.pWin));
    expect(b.model.coefficients()).toEqual(a.model.coefficients());
    // The cut really hides the outcome of deals open at T.
    const open = data.deals.find((d) => dealAt(d, T)?.status === "open" && d.status !== "open");
    expect(open && cutDeal(open, T)?.status).toBe("open");
  });
});

describe("the owner's record", () => {
  // Two owners, deals closing on known days; the record at a day counts only closes before it.
  const closed = (id: string, owner: string, day: number, won: boolean) => ({
    deal: { id, owner } as DealRecord,
    state: { status: won ? "won" : "lost", closedOn: day } as ReturnType<typeof dealAt> & {},
  });
  const known = [
    closed("a", "R1", 10, true),
    closed("b", "R1", 20, true),
    closed("c", "R1", 30, true),
    closed("d", "R2", 15, false),
    closed("e", "R2", 25, false),
    closed("f", "R2", 35, true),
  ];
  const record = ownerRecord(known, 2);

  it("is neutral before anything closed and for an owner without closes", () => {
    expect(record("R1", 10)).toBe(0);
    expect(record("R9", 40)).toBe(0);
    expect(record(null, 40)).toBe(0);
  });

  it("never reads an outcome from the day it is read or later", () => {
    // Changing every outcome on or after day 21 leaves the record at day 21 as it was.
    const flipped = known.map((k) =>
      (k.state.closedOn as number) >= 21
        ? closed(
            k.deal.id,
            k.deal.owner as string,
            k.state.closedOn as number,
            k.state.status !== "won",
          )
        : k,
    );
    const other = ownerRecord(flipped, 2);
    for (const owner of ["R1", "R2"]) expect(other(owner, 21)).toBe(record(owner, 21));
    // ... and moves it later, when those outcomes are known.
    expect(other("R1", 31)).not.toBe(record("R1", 31));
  });

  it("rates an owner who wins above the company and one who loses below it", () => {
    expect(record("R1", 31)).toBeGreaterThan(0);
    expect(record("R2", 31)).toBeLessThan(0);
  });
});

describe("amount realisation", () => {
  const reading = (stage: string, amount: number) =>
    ({ status: "open", stage, amount }) as ReturnType<typeof dealAt> & {};

  it("learns per stage how recorded amounts turn into won amounts, shrunk toward all stages", () => {
    const r = new AmountRealisation(20);
    // early readings are 25% above the won amount, late ones exact
    for (let i = 0; i < 400; i++) r.add(reading("Discovery", 1250), 1000);
    for (let i = 0; i < 400; i++) r.add(reading("Negotiation", 1000), 1000);
    for (let i = 0; i < 5; i++) r.add(reading("Rare", 2000), 1000);
    r.fit();
    expect(r.ratio("Discovery")).toBeCloseTo(0.8, 1);
    expect(r.ratio("Negotiation")).toBeCloseTo(1, 1);
    const pooled = (400 * 1000 + 400 * 1000 + 5 * 1000) / (400 * 1250 + 400 * 1000 + 5 * 2000);
    expect(r.ratio("Unseen")).toBeCloseTo(pooled, 10);
    // a stage seen a few times sits between its own ratio (0.5) and the pooled one
    expect(r.ratio("Rare")).toBeGreaterThan(0.5);
    expect(r.ratio("Rare")).toBeLessThan(pooled);
  });

  it("is 1 when nothing was won or amounts never change", () => {
    expect(new AmountRealisation().fit().ratio("any")).toBe(1);
    const r = new AmountRealisation();
    for (let i = 0; i < 50; i++) r.add(reading("S", 700), 700);
    r.add(reading("S", 700), null); // no won amount: ignored
    expect(r.fit().ratio("S")).toBeCloseTo(1, 12);
  });
});

describe("drift", () => {
  // The chance of winning falls steadily with the creation date (0.6 three years before the
  // origin, 0.2 at it); each week an open deal closes with chance 12%. The model reads the rate
  // as it stands at the origin, not as the training window's average.
  it("reads a drifting win rate as it stands at the origin, with the trend option", () => {
    const rng = seeded(11);
    const T = 1100;
    const deals: DealRecord[] = [];
    const truth = new Map<string, number>();
    for (let i = 0; i < 12_000; i++) {
      const created = Math.floor(rng.next() * T);
      const p = 0.6 - (0.4 * created) / T;
      const life = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - H));
      const won = rng.next() < p;
      const close = created + life;
      const id = `D${i}`;
      truth.set(id, p);
      const open = { stage: "Working", status: "open" as const, amount: 1000, closeDate: null };
      deals.push({
        id,
        account: `A${i}`,
        owner: `R${i % 5}`,
        type: "new",
        created,
        status: won ? "won" : "lost",
        stage: won ? "Closed Won" : "Closed Lost",
        amount: 1000,
        closeDate: close,
        category: null,
        events: [
          { day: created, ...open, category: null },
          {
            day: close,
            stage: won ? "Closed Won" : "Closed Lost",
            status: won ? "won" : "lost",
            amount: 1000,
            closeDate: close,
            category: null,
          },
        ],
      });
    }
    const input: ForecastInput = { deals, usage: [], reps: [], quotas: [] };
    const scores = DealModel.fit(input, T, { trend: true }).scoreOpen(deals);
    expect(scores.length).toBeGreaterThan(300);
    const mean = (f: (s: (typeof scores)[number]) => number) =>
      scores.reduce((a, s) => a + f(s), 0) / scores.length;
    const known = mean((s) => truth.get(s.deal.id) as number);
    expect(known).toBeLessThan(0.25); // the open deals are recent: the rate has fallen
    expect(Math.abs(mean((s) => s.pWin) - known)).toBeLessThan(0.04);
  });
});
