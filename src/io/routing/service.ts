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
/**
 * Longest wait for more leads before a transaction on a PostgreSQL server (see `flush`): well
 * under one transaction holding the pools' locks (a read, a write and a WAL flush), which the next
 * batch waits for anyway when another process holds them.
 */
const GATHER_MS = 2;

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
  /** Leads in the transaction running now. */
  private running = 0;
  /** Most leads waiting or being decided at once since the last batch started (itself included). */
  private peak = 0;
  /** Leads the next batch waits for (PostgreSQL server): the recent peaks, halved per batch. */
  private target = 1;
  /** Wakes a gathering flush once the queue holds `target` leads. */
  private gathered: (() => void) | null = null;

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
      this.peak = Math.max(this.peak, this.queue.length + this.running);
      if (this.gathered && this.queue.length >= this.target) this.gathered();
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
   *
   * On a PostgreSQL server every batch holds the pools' locks for a read, a write and a WAL flush,
   * whatever its size, while other processes wait. Clients answered by one batch post again a
   * moment later; started at once, the next batch would carry only the leads that came during the
   * last one and leave these for the one after (in a closed loop, batches settle at half the
   * clients). So a batch waits up to GATHER_MS until the queue holds as many leads as were in
   * flight at once lately (the target follows growth at once and halves per batch, so after a
   * burst a trickle of single leads waits a few times, not once per lead of the burst).
   */
  private async flush(): Promise<void> {
    const gather = this.store.db.engine === "postgres";
    while (this.queue.length > 0) {
      this.target = Math.max(this.peak, this.target >> 1);
      this.peak = 0;
      if (gather && this.queue.length < this.target) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => this.gathered?.(), GATHER_MS);
          this.gathered = () => {
            clearTimeout(timer);
            this.gathered = null;
            resolve();
          };
        });
      }
      const batch = this.queue.splice(0, MAX_BATCH);
      this.running = batch.length;
      this.peak = Math.max(this.peak, this.queue.length + this.running);
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
      this.running = 0;
    }
    this.flushing = false;
  }
}
