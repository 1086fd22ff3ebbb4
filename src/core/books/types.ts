/**
 * Books: what each AE works now (a stable core tier and a rotating tier), each BDR's queue, and
 * where every account stands in its lifecycle. Days are whole days since 1970-01-01 (UTC).
 */

/** Lifecycle stage of an account; `core` is an account in an AE's core tier. */
export type Stage = "pool" | "warming" | "in_market" | "bdr" | "qualified" | "rotating" | "core";

export const STAGES: readonly Stage[] = [
  "pool",
  "warming",
  "in_market",
  "bdr",
  "qualified",
  "rotating",
  "core",
];

/** The only reasons an account may leave a core tier between two refreshes. */
export const CORE_EXIT_REASONS = [
  "won_handoff",
  "lost_twice",
  "out_of_icp",
  "dissolved",
  "patch_changed",
  "new_term",
  "capacity_reduced",
  "rep_gone",
] as const;
export type CoreExitReason = (typeof CORE_EXIT_REASONS)[number];

/** Why an account moved (every transition carries one). */
export type Reason =
  | CoreExitReason
  | "core_chosen"
  | "core_refill"
  | "rotated_in"
  | "in_market_to_ae"
  | "stale"
  | "good_fit"
  | "fit_dropped"
  | "surge"
  | "surge_ended"
  | "to_bdr"
  | "qualified"
  | "promoted_to_core";

/** A rep as the engine sees it: role and capacity in accounts. */
export interface BookRep {
  readonly id: string;
  readonly role: "ae" | "bdr";
  /** Accounts the rep can work (book size for an AE, queue size for a BDR). */
  readonly capacity: number;
}

/** One account as known at the refresh date. */
export interface BookAccountInput {
  readonly id: string;
  /** The AE whose patch (territory plan) holds the account, or null. */
  readonly patchOwner: string | null;
  /** Expected value in money (the target account list's value). */
  readonly value: number;
  /** Among the best-fitting accounts (marketing warms it up when not in market). */
  readonly goodFit: boolean;
  /** Still inside the ideal customer profile. */
  readonly inIcp: boolean;
  readonly isCustomer: boolean;
  readonly openOpportunity: boolean;
  /** Day of the last engagement (signal, meeting, opportunity), or null. */
  readonly lastEngagement: number | null;
  /** Day of the last meeting held or opportunity created, or null. */
  readonly lastQualifying: number | null;
  /** Surge detected at the refresh (intent), and its score (-log10 p). */
  readonly inMarket: boolean;
  readonly surgeScore: number;
  /** New-business deals lost so far. */
  readonly lostNew: number;
  /** Day the last new-business deal was won, or null. */
  readonly lastWonNew: number | null;
}

/** Everything one refresh reads. */
export interface BookInput {
  readonly day: number;
  /** Identity of the patch (plan); a change re-chooses every core. */
  readonly planId: string;
  readonly reps: readonly BookRep[];
  readonly accounts: readonly BookAccountInput[];
  /** False when the store holds no signals: no account can be seen in market. */
  readonly intentAvailable: boolean;
}

/** Where one account stands after a refresh. */
export interface AccountState {
  readonly stage: Stage;
  /** The AE of a core, rotating account. */
  readonly ae: string | null;
  /** The BDR of an account in a BDR queue. */
  readonly bdr: string | null;
  /** Day the account entered its current stage. */
  readonly since: number;
  /** Why it is where it is. */
  readonly reason: Reason;
  /** It may not rotate in before this day (cool-down), or null. */
  readonly coolUntil: number | null;
  /** Day its surge was last detected, or null. */
  readonly lastSurge: number | null;
  /** New-business losses counted when it entered the core (for "lost twice"). */
  readonly lostBase: number;
  /** Expected value when it entered its stage. */
  readonly value: number;
}

/** Stage of an account with no stored state. */
export const POOL: AccountState = {
  stage: "pool",
  ae: null,
  bdr: null,
  since: 0,
  reason: "good_fit",
  coolUntil: null,
  lastSurge: null,
  lostBase: 0,
  value: 0,
};

/** The books after a refresh: per-account states (pool accounts without cool-down or surge are left out). */
export interface BookState {
  readonly day: number;
  readonly planId: string;
  readonly policy: string;
  /** Day the current core term started. */
  readonly coreStart: number;
  readonly accounts: ReadonlyMap<string, AccountState>;
  /** Quarter (e.g. "2026Q2") of the intake ledger, and value entered per AE's rotating tier in it. */
  readonly quarter: string;
  readonly intake: ReadonlyMap<string, number>;
}

/** One account's move at a refresh. */
export interface Transition {
  readonly accountId: string;
  readonly from: Stage;
  readonly to: Stage;
  readonly fromRep: string | null;
  readonly toRep: string | null;
  readonly reason: Reason;
  /** The data behind the move, as known at the refresh. */
  readonly data: Readonly<Record<string, number | boolean | string | null>>;
}

/** One AE's book and one BDR's queue, as lists. */
export interface RepBook {
  readonly repId: string;
  readonly role: "ae" | "bdr";
  readonly capacity: number;
  readonly coreSize: number;
  readonly core: readonly string[];
  readonly rotating: readonly string[];
  readonly queue: readonly string[];
  /** Value entered the rotating tier this quarter. */
  readonly intake: number;
}

/** A refresh's result: the new state, the moves, the books and what could not be placed. */
export interface RefreshResult {
  readonly state: BookState;
  readonly transitions: readonly Transition[];
  readonly books: readonly RepBook[];
  /** In-market or qualified accounts in no book and no queue: there was no capacity for them. */
  readonly noCapacity: readonly string[];
  /** Spread of the quarter's intake per rotating slot across AEs (coefficient of variation). */
  readonly fairness: number;
  readonly counts: Readonly<Record<Stage, number>>;
}
