/**
 * The routing service: match a lead to an account, then decide and store its routing in the
 * operational store (exactly once per lead id). Used by `paydirt serve`; HTTP-free.
 */
import { MatchIndex } from "../../core/routing/match/account-index.js";
import { DEFAULT_THRESHOLD, Matcher } from "../../core/routing/match/matcher.js";
import type { MatchAccount } from "../../core/routing/match/types.js";
import type { LeadRequest } from "../../core/routing/requests.js";
import {
  buildRules,
  type RouteAccount,
  type RouteLead,
  type RoutingConfig,
} from "../../core/routing/rules/index.js";
import type { OpsStore, RoutingPlan, StoredDecision } from "../ops/store.js";

export class RoutingService {
  readonly plan: RoutingPlan;
  private readonly matcher: Matcher;
  private readonly facts: Map<string, RouteAccount>;

  constructor(
    readonly store: OpsStore,
    accounts: readonly (MatchAccount & RouteAccount)[],
    config: RoutingConfig,
    readonly reps: ReadonlySet<string>,
    readonly threshold = DEFAULT_THRESHOLD,
  ) {
    this.matcher = new Matcher(new MatchIndex(accounts));
    this.facts = new Map(accounts.map((a) => [a.id, a]));
    this.plan = { config, rules: buildRules(config) };
  }

  /** Match and route one lead (stored once; a repeated id returns the first decision). */
  async route(
    req: LeadRequest,
    now = new Date(),
  ): Promise<{ decision: StoredDecision; created: boolean }> {
    const lead: RouteLead = {
      id: req.id,
      email: req.email ?? null,
      company: req.company ?? null,
      country: req.country ?? null,
      state: req.state ?? null,
      county: req.county ?? null,
      postalCode: req.postal_code ?? null,
      industry: req.industry ?? null,
      employees: req.employees ?? null,
    };
    const m = this.matcher.match(
      { ...lead, website: req.website ?? null },
      { threshold: this.threshold },
    );
    return this.store.route(
      {
        lead,
        payload: req,
        match: { accountId: m.accountId, confidence: m.confidence, evidence: m.evidence },
        account: m.accountId ? (this.facts.get(m.accountId) ?? null) : null,
      },
      this.plan,
      now,
    );
  }
}
