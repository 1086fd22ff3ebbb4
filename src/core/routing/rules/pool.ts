import { capped, unavailable } from "./availability.js";
import type { PoolSpec } from "./config.js";
import type { Candidate, RouteLead, RoutingState } from "./types.js";

/**
 * Weighted round-robin over a pool's eligible members: the next turn goes to the member whose
 * turns taken, plus this one, are smallest relative to their weight (ties: pool order). Over time
 * each member's share of turns tends to its share of the weights, and members who were away do
 * not catch up in a burst beyond that share. Pure: the caller stores the turn.
 */
export function pickFromPool(
  pool: PoolSpec,
  lead: RouteLead,
  state: RoutingState,
): { repId: string | null; candidates: Candidate[] } {
  const turns = state.turns.get(pool.id);
  const reasons = new Map<string, string | null>();
  for (const m of pool.members) {
    const rep = state.reps.get(m.rep);
    let why = unavailable(rep, state.now, pool.respectWorkingHours);
    why ??= capped(state.load.get(m.rep), pool.dailyCap, pool.weeklyCap);
    if (!why) {
      const missing = pool.requireSkills.filter((s) => !(rep?.skills ?? []).includes(s));
      if (missing.length) why = `lacks skill ${missing.join(", ")}`;
    }
    reasons.set(m.rep, why);
  }
  // Prefer members skilled in the lead's industry when any eligible member is.
  const industry = lead.industry ?? null;
  if (pool.preferIndustrySkill && industry) {
    const skilled = pool.members.filter(
      (m) => !reasons.get(m.rep) && (state.reps.get(m.rep)?.skills ?? []).includes(industry),
    );
    if (skilled.length > 0)
      for (const m of pool.members)
        if (!reasons.get(m.rep) && !skilled.includes(m))
          reasons.set(m.rep, `no ${industry} skill while others have it`);
  }
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const m of pool.members) {
    if (reasons.get(m.rep)) continue;
    const score = ((turns?.get(m.rep) ?? 0) + 1) / m.weight;
    if (score < bestScore - 1e-12) {
      bestScore = score;
      best = m.rep;
    }
  }
  const candidates = pool.members.map((m) => {
    const why = reasons.get(m.rep);
    const taken = turns?.get(m.rep) ?? 0;
    return {
      repId: m.rep,
      pool: pool.id,
      eligible: !why,
      chosen: m.rep === best,
      why:
        why ??
        (m.rep === best
          ? `next turn (${taken} taken, weight ${m.weight})`
          : `not next (${taken} taken, weight ${m.weight})`),
    };
  });
  return { repId: best, candidates };
}
