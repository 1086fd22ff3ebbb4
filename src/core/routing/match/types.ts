/** An account as the matcher sees it (any CRM account list or the store's accounts). */
export interface MatchAccount {
  readonly id: string;
  readonly name: string;
  /** Website or e-mail domain, in any form (`acme.com`, `https://www.acme.com/`, ...). */
  readonly domain?: string | null;
  readonly country?: string | null;
  readonly state?: string | null;
  readonly postalCode?: string | null;
  readonly employees?: number | null;
  /** Parent account id (`subsidiary_of`). */
  readonly parentId?: string | null;
}

/** A lead (form fill, list row) to match; every field may be missing or noisy. */
export interface MatchLead {
  readonly id: string;
  readonly email?: string | null;
  readonly company?: string | null;
  readonly website?: string | null;
  readonly country?: string | null;
  readonly state?: string | null;
  readonly postalCode?: string | null;
  readonly employees?: number | null;
}

/** One piece of evidence behind a match, readable as is. */
export interface Evidence {
  /** e.g. `domain`, `name`, `acronym`, `state`, `size`, `rollup`. */
  readonly kind: string;
  readonly detail: string;
}

/** A candidate account the matcher scored. */
export interface MatchCandidate {
  readonly accountId: string;
  /** Calibrated probability that this candidate is the lead's company. */
  readonly confidence: number;
}

/** The matcher's answer for one lead. */
export interface MatchResult {
  readonly leadId: string;
  /** The matched account, or null for "no match". */
  readonly accountId: string | null;
  /** Calibrated P(accountId is the lead's company) for the best candidate (also when below the threshold). */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** Best candidates considered, best first (at most a few). */
  readonly candidates: readonly MatchCandidate[];
  /** Account the match was rolled up from (its subsidiary), when roll-up moved it. */
  readonly rolledUpFrom?: string;
}

/** Matching options. */
export interface MatchOptions {
  /** Confidence below which the answer is "no match" (default 0.7). */
  readonly threshold?: number;
  /** Report the top-level parent of the matched account instead of the account itself. */
  readonly rollup?: boolean;
}
