import { unavailable } from "./availability.js";
import type { RoutingRule } from "./types.js";

/** A matched account in an active book goes to the book's owner (when they can take it). */
export function bookOwner(minConfidence: number): RoutingRule {
  return {
    name: "book_owner",
    decide(_lead, state) {
      const { match, standing } = state;
      if (!match.accountId) return { kind: "pass", why: "no matched account" };
      if (match.confidence < minConfidence)
        return { kind: "pass", why: `match confidence ${match.confidence} below ${minConfidence}` };
      const owner = standing?.bookOwner ?? null;
      if (!owner) return { kind: "pass", why: `account ${match.accountId} is in no active book` };
      const away = unavailable(state.reps.get(owner), state.now, false);
      const candidate = {
        repId: owner,
        eligible: !away,
        chosen: !away,
        why:
          away ??
          `owns ${match.accountId} in the ${standing?.source === "plan" ? "current plan" : "books"}`,
      };
      if (away)
        return { kind: "pass", why: `book owner ${owner} is ${away}`, candidates: [candidate] };
      return {
        kind: "assign",
        ownerId: owner,
        queue: null,
        reasons: [
          `account ${match.accountId} (match ${match.confidence}) is in ${owner}'s ${standing?.source === "plan" ? "patch in the current plan" : "book"}`,
        ],
        candidates: [candidate],
      };
    },
  };
}
