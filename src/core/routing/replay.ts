/**
 * Replay stored leads through a rule set (the current one or a proposed one) and report which
 * decisions would change and why. Pure: the caller reads the stored leads, the state before the
 * first of them and the availability changes; nothing is written anywhere.
 *
 * Each lead is decided as of the moment it was first decided: with the reps' availability as it
 * stood then (changes are applied in time order, never ahead of the lead), the round-robin turns
 * and cap counts taken before the window, plus those the replay itself has given so far.
 */
import { capDays } from "./rules/cap-days.js";
import { decide } from "./rules/decide.js";
import type {
  Decision,
  RepLoad,
  RepStatus,
  RouteAccount,
  RouteLead,
  RoutingRule,
} from "./rules/types.js";
import type { AccountStanding } from "./standing.js";

/** A stored lead with the inputs and outcome of its stored decision. */
export interface ReplayLead {
  readonly lead: RouteLead;
  /** ISO instant it was decided. */
  readonly at: string;
  readonly match: { readonly accountId: string | null; readonly confidence: number };
  readonly account: RouteAccount | null;
  readonly standing: AccountStanding | null;
  readonly stored: {
    readonly rule: string;
    readonly ownerId: string | null;
    readonly queue: string | null;
    readonly configVersion: number;
  };
}

/** The state before the first replayed lead. */
export interface ReplayStart {
  /** Reps as they stood before the window (absent reps are unknown). */
  readonly reps: ReadonlyMap<string, RepStatus>;
  /** Round-robin turns per pool and rep taken before the window. */
  readonly turns: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Assignments per rep and cap day (YYYY-MM-DD in the rule set's cap time zone) before the window. */
  readonly daily: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Availability changes, in time order (ISO instant, the rep's full status after it). */
  readonly availability: readonly { readonly at: string; readonly status: RepStatus }[];
}

/** A decision that the rule set would make differently. */
export interface ReplayChange {
  readonly leadId: string;
  readonly at: string;
  readonly before: {
    readonly rule: string;
    readonly owner: string | null;
    readonly queue: string | null;
  };
  readonly after: {
    readonly rule: string;
    readonly owner: string | null;
    readonly queue: string | null;
  };
  /** Why, in words: the rule that fires now and its reasons, and what became of the old outcome. */
  readonly why: string;
}

export interface ReplayReport {
  readonly leads: number;
  readonly decisions: readonly Decision[];
  readonly changes: readonly ReplayChange[];
  /** Changed decisions per "old rule -> new rule". */
  readonly byRule: ReadonlyMap<string, number>;
}

const outcome = (owner: string | null, queue: string | null) => owner ?? `queue ${queue ?? "-"}`;

/** Why the new decision differs from the stored one (built from the new decision's own trail). */
function explain(d: Decision, before: ReplayLead["stored"], names: ReadonlySet<string>): string {
  const parts = [`now ${d.rule} -> ${outcome(d.ownerId, d.queue)}: ${d.reasons.join("; ")}`];
  if (before.rule !== d.rule) {
    const passed = d.trail.find((t) => t.rule === before.rule);
    parts.push(
      passed
        ? `${before.rule} passes: ${passed.why}`
        : names.has(before.rule)
          ? `${before.rule} is not reached`
          : `${before.rule} is not in this rule set`,
    );
  }
  if (before.ownerId && before.ownerId !== d.ownerId) {
    const c = d.candidates.find((x) => x.repId === before.ownerId && !x.chosen);
    if (c) parts.push(`${before.ownerId}: ${c.why}`);
  }
  if (before.configVersion !== d.configVersion)
    parts.push(
      `stored under rule set v${before.configVersion}, replayed under v${d.configVersion}`,
    );
  return parts.join(" | ");
}

/** Replay `leads` (in the order given: the order they were decided) through `rules`. */
export function replay(
  leads: readonly ReplayLead[],
  rules: readonly RoutingRule[],
  configVersion: number,
  start: ReplayStart,
  capTimeZone = "UTC",
): ReplayReport {
  const reps = new Map(start.reps);
  const turns = new Map([...start.turns].map(([p, t]) => [p, new Map(t)]));
  const daily = new Map([...start.daily].map(([r, m]) => [r, new Map(m)]));
  let next = 0; // next availability change to apply
  const decisions: Decision[] = [];
  const changes: ReplayChange[] = [];
  const byRule = new Map<string, number>();
  const names = new Set(rules.map((r) => r.name));
  for (const l of leads) {
    const t = Date.parse(l.at);
    while (next < start.availability.length) {
      const change = start.availability[next] as ReplayStart["availability"][number];
      if (Date.parse(change.at) > t) break;
      reps.set(change.status.id, change.status);
      next++;
    }
    const days = capDays(t, capTimeZone);
    const load = new Map<string, RepLoad>();
    for (const [rep, m] of daily) {
      let week = 0;
      for (const [d, n] of m) if (d >= days.weekStart && d <= days.day) week += n;
      load.set(rep, { today: m.get(days.day) ?? 0, week });
    }
    const d = decide(
      l.lead,
      { now: l.at, match: l.match, account: l.account, standing: l.standing, reps, load, turns },
      rules,
      configVersion,
    );
    decisions.push(d);
    if (d.turn) {
      const m = turns.get(d.turn.pool) ?? new Map<string, number>();
      m.set(d.turn.repId, (m.get(d.turn.repId) ?? 0) + 1);
      turns.set(d.turn.pool, m);
    }
    if (d.ownerId) {
      const m = daily.get(d.ownerId) ?? new Map<string, number>();
      m.set(days.day, (m.get(days.day) ?? 0) + 1);
      daily.set(d.ownerId, m);
    }
    const s = l.stored;
    if (s.rule !== d.rule || s.ownerId !== d.ownerId || s.queue !== d.queue) {
      changes.push({
        leadId: l.lead.id,
        at: l.at,
        before: { rule: s.rule, owner: s.ownerId, queue: s.queue },
        after: { rule: d.rule, owner: d.ownerId, queue: d.queue },
        why: explain(d, s, names),
      });
      const k = `${s.rule} -> ${d.rule}`;
      byRule.set(k, (byRule.get(k) ?? 0) + 1);
    }
  }
  return { leads: leads.length, decisions, changes, byRule };
}
