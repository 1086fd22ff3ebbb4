import { unavailable } from "./availability.js";
import type { PoolSpec } from "./config.js";
import { pickFromPool } from "./pool.js";
import type { RoutingRule } from "./types.js";

/**
 * A matched account in a patch but in no book goes by its lifecycle: in market (or in a BDR
 * queue) -> its BDR, else the BDR pool; otherwise the patch's AE, or nurture when the AE is away.
 */
export function lifecycle(
  minConfidence: number,
  bdrPool: PoolSpec,
  nurtureQueue: string,
): RoutingRule {
  return {
    name: "lifecycle",
    decide(lead, state) {
      const { match, standing } = state;
      if (!match.accountId || match.confidence < minConfidence)
        return { kind: "pass", why: "no confidently matched account" };
      if (!standing || (!standing.patchOwner && !standing.bdr))
        return { kind: "pass", why: `account ${match.accountId} is in no patch` };
      const stage = standing.stage ?? "pool";
      if (stage === "in_market" || stage === "bdr") {
        if (standing.bdr) {
          const away = unavailable(state.reps.get(standing.bdr), state.now, false);
          if (!away)
            return {
              kind: "assign",
              ownerId: standing.bdr,
              queue: null,
              reasons: [
                `account ${match.accountId} is ${stage} and in BDR ${standing.bdr}'s queue`,
              ],
              candidates: [
                { repId: standing.bdr, eligible: true, chosen: true, why: "the account's BDR" },
              ],
            };
        }
        const picked = pickFromPool(bdrPool, lead, state);
        if (picked.repId)
          return {
            kind: "assign",
            ownerId: picked.repId,
            queue: null,
            reasons: [
              `account ${match.accountId} is ${stage}: BDR pool ${bdrPool.id}, next turn ${picked.repId}`,
            ],
            candidates: picked.candidates,
            turn: { pool: bdrPool.id, repId: picked.repId },
          };
        return {
          kind: "pass",
          why: `account is ${stage} but no BDR in pool ${bdrPool.id} can take it`,
          candidates: picked.candidates,
        };
      }
      const ae = standing.patchOwner;
      const away = ae ? unavailable(state.reps.get(ae), state.now, false) : "no AE";
      if (ae && !away)
        return {
          kind: "assign",
          ownerId: ae,
          queue: null,
          reasons: [
            `account ${match.accountId} is in ${ae}'s patch (stage ${stage}, not in market)`,
          ],
          candidates: [{ repId: ae, eligible: true, chosen: true, why: "the patch's AE" }],
        };
      return {
        kind: "assign",
        ownerId: null,
        queue: nurtureQueue,
        reasons: [
          `account ${match.accountId} is not in market and its patch's AE ${ae ?? "-"} is ${away}: nurture`,
        ],
        candidates: ae ? [{ repId: ae, eligible: false, chosen: false, why: away ?? "" }] : [],
      };
    },
  };
}
