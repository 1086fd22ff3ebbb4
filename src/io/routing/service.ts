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
import type { OpsStore, RouteInput, RoutingPlan, StoredDecision } from "../ops/store.js";

/** Most leads decided in one transaction. */
const MAX_BATCH = 256;

export class RoutingService {
  readonly plan: RoutingPlan;
  private readonly matcher: Matcher;
  private readonly facts: Map<string, RouteAccount>;
  private readonly queue: {
    input: RouteInput;
    now: Date;
    resolve: (r: { decision: StoredDecision; created: boolean }) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private flushing = false;

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
    const input = this.prepare(req);
    return new Promise((resolve, reject) => {
      this.queue.push({ input, now, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Match and route several leads in one transaction: all stored, or none. */
  async routeBatch(
    reqs: readonly LeadRequest[],
    now = new Date(),
  ): Promise<{ decision: StoredDecision; created: boolean }[]> {
    return this.store.routeMany(
      reqs.map((r) => this.prepare(r)),
      this.plan,
      now,
    );
  }

  /** Match a lead and gather what its decision needs. */
  private prepare(req: LeadRequest): RouteInput {
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
    return {
      lead,
      payload: req,
      match: { accountId: m.accountId, confidence: m.confidence, evidence: m.evidence },
      account: m.accountId ? (this.facts.get(m.accountId) ?? null) : null,
    };
  }

  /**
   * Group commit: leads that arrive while a transaction runs are decided together in the next
   * one (in arrival order, under the same row locks), so a busy service pays one transaction per
   * batch instead of one per lead. A failed transaction fails its whole batch; nothing is half-written.
   */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const now = batch[batch.length - 1]?.now ?? new Date();
      try {
        const out = await this.store.routeMany(
          batch.map((b) => b.input),
          this.plan,
          now,
        );
        batch.forEach((b, i) => {
          b.resolve(out[i] as { decision: StoredDecision; created: boolean });
        });
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    this.flushing = false;
  }
}
