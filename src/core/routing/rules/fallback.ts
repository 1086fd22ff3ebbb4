import type { RoutingRule } from "./types.js";

/** Whatever reaches it goes to a queue (the last rule of every config). */
export function fallback(queue: string): RoutingRule {
  return {
    name: "fallback",
    decide() {
      return {
        kind: "assign",
        ownerId: null,
        queue,
        reasons: [`no earlier rule could place the lead: queue ${queue}`],
        candidates: [],
      };
    },
  };
}
