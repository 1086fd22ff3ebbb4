import type { AccountStanding } from "../standing.js";

/** A lead as routing sees it (after matching). */
export interface RouteLead {
  readonly id: string;
  readonly email?: string | null;
  readonly company?: string | null;
  readonly country?: string | null;
  readonly state?: string | null;
  readonly county?: string | null;
  readonly postalCode?: string | null;
  readonly industry?: string | null;
  readonly employees?: number | null;
}

/** Facts of the matched account used by territories (its own geography wins over the lead's). */
export interface RouteAccount {
  readonly id: string;
  readonly state?: string | null;
  readonly county?: string | null;
  readonly postalCode?: string | null;
  readonly industry?: string | null;
  readonly employees?: number | null;
  readonly country?: string | null;
}

/** A rep's status for routing. */
export interface RepStatus {
  readonly id: string;
  readonly active: boolean;
  /** Out-of-office periods, ISO instants [from, to). */
  readonly outOfOffice?: readonly { readonly from: string; readonly to: string }[];
  /** Working hours in the rep's time zone (absent: always available). */
  readonly workingHours?: {
    readonly timeZone: string;
    /** ISO weekdays 1 (Monday) to 7. */
    readonly days: readonly number[];
    /** "HH:MM" local start and end. */
    readonly start: string;
    readonly end: string;
  };
  readonly skills?: readonly string[];
}

/** Assignments a rep received so far today and this ISO week (for caps). */
export interface RepLoad {
  readonly today: number;
  readonly week: number;
}

/** Everything a decision reads; a snapshot taken inside the decision's transaction. */
export interface RoutingState {
  /** ISO instant of the decision. */
  readonly now: string;
  readonly match: { readonly accountId: string | null; readonly confidence: number };
  readonly account: RouteAccount | null;
  readonly standing: AccountStanding | null;
  readonly reps: ReadonlyMap<string, RepStatus>;
  readonly load: ReadonlyMap<string, RepLoad>;
  /** Round-robin turns taken per pool and member so far. */
  readonly turns: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** A rep (or queue) a rule considered, and why it won or lost. */
export interface Candidate {
  readonly repId: string;
  readonly pool?: string;
  readonly eligible: boolean;
  readonly chosen: boolean;
  readonly why: string;
}

/** What a rule says about a lead. */
export type RuleOutcome =
  | {
      readonly kind: "assign";
      readonly ownerId: string | null;
      readonly queue: string | null;
      readonly reasons: readonly string[];
      readonly candidates: readonly Candidate[];
      /** The round-robin turn this assignment takes (the store counts it). */
      readonly turn?: { readonly pool: string; readonly repId: string };
    }
  | { readonly kind: "pass"; readonly why: string; readonly candidates?: readonly Candidate[] };

/** One routing rule: decides a lead or passes it on, and says why either way. */
export interface RoutingRule {
  /** Short label, e.g. `book_owner` or `round_robin(inbound)`. */
  readonly name: string;
  decide(lead: RouteLead, state: RoutingState): RuleOutcome;
}

/** A routing decision with its audit trail. */
export interface Decision {
  readonly leadId: string;
  readonly accountId: string | null;
  readonly matchConfidence: number;
  readonly ownerId: string | null;
  readonly queue: string | null;
  /** The rule that fired. */
  readonly rule: string;
  readonly reasons: readonly string[];
  /** Every rule tried before, with why it passed. */
  readonly trail: readonly { readonly rule: string; readonly why: string }[];
  /** Everyone considered by the rule that fired (and by those that passed), and why they lost. */
  readonly candidates: readonly Candidate[];
  readonly turn?: { readonly pool: string; readonly repId: string };
  /** The inputs: lead, match, account standing, time. */
  readonly inputs: {
    readonly lead: RouteLead;
    readonly now: string;
    readonly standing: AccountStanding | null;
    readonly account: RouteAccount | null;
  };
  readonly configVersion: number;
}
