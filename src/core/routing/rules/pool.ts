import { capped, unavailable } from "./availability.js";
import type { PoolSpec } from "./config.js";
import type { Candidate, RouteLead, RoutingState } from "./types.js";

/**
 * Weighted round-robin over a pool's eligible members (ties: pool order): each member stays
 * within one turn of its weighted share of the turns. Pure: the caller stores the turn.
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
  // Balinski and Young's quota method: among members whose turns would not pass their upper
  // quota, the one with the largest weight / (turns + 1). It keeps every member within one turn
  // of its weighted share (both quotas), which a plain weight / (turns + 1) rule does not.
  const eligible = pool.members.filter((m) => !reasons.get(m.rep));
  let totalWeight = 0;
  let totalTurns = 1;
  for (const m of eligible) {
    totalWeight += m.weight;
    totalTurns += turns?.get(m.rep) ?? 0;
  }
  const pick = (withinQuota: boolean) => {
    let chosen: string | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const m of eligible) {
      const t = turns?.get(m.rep) ?? 0;
      if (withinQuota && t + 1 > Math.ceil((totalTurns * m.weight) / totalWeight - 1e-9)) continue;
      const score = m.weight / (t + 1);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        chosen = m.rep;
      }
    }
    return chosen;
  };
  const best = pick(true) ?? pick(false);
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
