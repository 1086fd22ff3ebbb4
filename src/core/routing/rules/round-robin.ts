import type { LeadFilter, PoolSpec } from "./config.js";
import { pickFromPool } from "./pool.js";
import { passes } from "./territory.js";
import type { RoutingRule } from "./types.js";

/** Leads that pass the filter take the next turn in a weighted round-robin pool. */
export function roundRobin(pool: PoolSpec, when: LeadFilter | undefined): RoutingRule {
  return {
    name: `round_robin(${pool.id})`,
    decide(lead, state) {
      if (!passes(when, lead, state.account))
        return { kind: "pass", why: `lead is outside pool ${pool.id}'s filter` };
      const picked = pickFromPool(pool, lead, state);
      if (!picked.repId)
        return {
          kind: "pass",
          why: `no member of pool ${pool.id} can take it`,
          candidates: picked.candidates,
        };
      return {
        kind: "assign",
        ownerId: picked.repId,
        queue: null,
        reasons: [`pool ${pool.id}: next turn ${picked.repId}`],
        candidates: picked.candidates,
        turn: { pool: pool.id, repId: picked.repId },
      };
    },
  };
}
