/**
 * Preview a routing config before it goes live: route a list of leads in order against in-memory
 * state (nothing stored) and report the load per rep and pool, caps hit, the fallback share and the
 * fairness of each pool.
 */
import { capDays } from "./rules/cap-days.js";
import type { PoolSpec } from "./rules/config.js";
import { decide } from "./rules/decide.js";
import type { Decision, RepStatus, RouteAccount, RouteLead, RoutingRule } from "./rules/types.js";
import type { AccountStanding } from "./standing.js";

/** A lead to simulate, already matched. */
export interface SimLead {
  readonly lead: RouteLead;
  readonly match: { readonly accountId: string | null; readonly confidence: number };
  readonly account: RouteAccount | null;
  readonly standing: AccountStanding | null;
  /** ISO instant it arrives. */
  readonly at: string;
}

/** Fairness of one pool: turns per member against their weighted share. */
export interface PoolFairness {
  readonly pool: string;
  readonly turns: number;
  /** Largest |turns - weighted share| over members. */
  readonly maxDeviation: number;
  /** Jain's index of turns / weight (1 = perfectly even). */
  readonly jain: number;
}

export interface SimulationReport {
  readonly decisions: readonly Decision[];
  readonly perRep: ReadonlyMap<string, number>;
  readonly perRule: ReadonlyMap<string, number>;
  readonly perQueue: ReadonlyMap<string, number>;
  /** How often a candidate lost because of a daily or weekly cap. */
  readonly capsHit: number;
  /** Share of leads that ended in the fallback rule. */
  readonly fallbackShare: number;
  readonly pools: readonly PoolFairness[];
}

/** Route `leads` in order with the rules; pure and deterministic. Caps count days in `capTimeZone` (default UTC). */
export function simulate(
  leads: readonly SimLead[],
  rules: readonly RoutingRule[],
  pools: readonly PoolSpec[],
  reps: ReadonlyMap<string, RepStatus>,
  configVersion: number,
  capTimeZone = "UTC",
): SimulationReport {
  const turns = new Map<string, Map<string, number>>();
  const daily = new Map<string, Map<string, number>>(); // rep -> local day -> count
  const decisions: Decision[] = [];
  const inc = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  const perRep = new Map<string, number>();
  const perRule = new Map<string, number>();
  const perQueue = new Map<string, number>();
  let capsHit = 0;
  for (const s of leads) {
    const { day, weekStart } = capDays(s.at, capTimeZone);
    const load = new Map<string, { today: number; week: number }>();
    for (const r of reps.keys()) {
      let week = 0;
      for (const [d, n] of daily.get(r) ?? []) if (d >= weekStart && d <= day) week += n;
      load.set(r, { today: daily.get(r)?.get(day) ?? 0, week });
    }
    const d = decide(
      s.lead,
      { now: s.at, match: s.match, account: s.account, standing: s.standing, reps, load, turns },
      rules,
      configVersion,
    );
    decisions.push(d);
    inc(perRule, d.rule);
    if (d.ownerId) {
      inc(perRep, d.ownerId);
      const m = daily.get(d.ownerId) ?? new Map<string, number>();
      inc(m, day);
      daily.set(d.ownerId, m);
    }
    if (d.queue) inc(perQueue, d.queue);
    if (d.turn) {
      const m = turns.get(d.turn.pool) ?? new Map<string, number>();
      inc(m, d.turn.repId);
      turns.set(d.turn.pool, m);
    }
    capsHit += d.candidates.filter((c) => /cap \d+ reached/.test(c.why)).length;
  }
  const fairness = pools.map((p) => {
    const m = turns.get(p.id) ?? new Map<string, number>();
    const total = p.members.reduce((s, x) => s + (m.get(x.rep) ?? 0), 0);
    const weight = p.members.reduce((s, x) => s + x.weight, 0);
    let maxDeviation = 0;
    let sum = 0;
    let sq = 0;
    for (const x of p.members) {
      const got = m.get(x.rep) ?? 0;
      maxDeviation = Math.max(maxDeviation, Math.abs(got - (total * x.weight) / weight));
      const r = got / x.weight;
      sum += r;
      sq += r * r;
    }
    return {
      pool: p.id,
      turns: total,
      maxDeviation,
      jain: sq > 0 ? (sum * sum) / (p.members.length * sq) : 1,
    };
  });
  return {
    decisions,
    perRep,
    perRule,
    perQueue,
    capsHit,
    fallbackShare: leads.length ? (perRule.get("fallback") ?? 0) / leads.length : 0,
    pools: fairness,
  };
}
