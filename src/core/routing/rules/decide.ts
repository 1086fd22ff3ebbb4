import { bookOwner } from "./book-owner.js";
import type { PoolSpec, RoutingConfig, RuleSpec } from "./config.js";
import { fallback } from "./fallback.js";
import { lifecycle } from "./lifecycle.js";
import { roundRobin } from "./round-robin.js";
import { territory } from "./territory.js";
import type { Candidate, Decision, RouteLead, RoutingRule, RoutingState } from "./types.js";

/** What a rule factory may use besides its own spec. */
interface RuleContext {
  readonly config: RoutingConfig;
  readonly pool: (id: string) => PoolSpec;
  readonly pools: ReadonlyMap<string, PoolSpec>;
}

type Factories = {
  [K in RuleSpec["kind"]]: (spec: Extract<RuleSpec, { kind: K }>, ctx: RuleContext) => RoutingRule;
};

/** One factory per rule kind: a new kind is a new file and one line here. */
const FACTORIES: Factories = {
  book_owner: (_s, c) => bookOwner(c.config.minMatchConfidence),
  lifecycle: (s, c) => lifecycle(c.config.minMatchConfidence, c.pool(s.bdrPool), s.nurtureQueue),
  territory: (_s, c) => territory(c.config.territories, c.pools),
  round_robin: (s, c) => roundRobin(c.pool(s.pool), s.when),
  fallback: (s) => fallback(s.queue),
};

/** The rule objects of a (checked) config, in order. */
export function buildRules(config: RoutingConfig): RoutingRule[] {
  const pools = new Map<string, PoolSpec>(config.pools.map((p) => [p.id, p]));
  const ctx: RuleContext = { config, pools, pool: (id) => pools.get(id) as PoolSpec };
  return config.rules.map((r) =>
    (FACTORIES[r.kind] as (s: RuleSpec, c: RuleContext) => RoutingRule)(r, ctx),
  );
}

/**
 * Route one lead: the first rule that assigns wins. Pure: reads the state snapshot, returns the
 * decision with the rule that fired, the inputs, every candidate considered and why the others
 * lost; the caller stores it and counts its round-robin turn.
 */
export function decide(
  lead: RouteLead,
  state: RoutingState,
  rules: readonly RoutingRule[],
  configVersion: number,
): Decision {
  const trail: { rule: string; why: string }[] = [];
  const considered: Candidate[] = [];
  for (const rule of rules) {
    const out = rule.decide(lead, state);
    if (out.kind === "pass") {
      trail.push({ rule: rule.name, why: out.why });
      if (out.candidates) considered.push(...out.candidates);
      continue;
    }
    return {
      leadId: lead.id,
      accountId: state.match.accountId,
      matchConfidence: state.match.confidence,
      ownerId: out.ownerId,
      queue: out.queue,
      rule: rule.name,
      reasons: out.reasons,
      trail,
      candidates: [...considered, ...out.candidates],
      ...(out.turn ? { turn: out.turn } : {}),
      inputs: { lead, now: state.now, standing: state.standing, account: state.account },
      configVersion,
    };
  }
  return {
    leadId: lead.id,
    accountId: state.match.accountId,
    matchConfidence: state.match.confidence,
    ownerId: null,
    queue: null,
    rule: "none",
    reasons: ["no rule placed the lead (the config has no fallback)"],
    trail,
    candidates: considered,
    inputs: { lead, now: state.now, standing: state.standing, account: state.account },
    configVersion,
  };
}
