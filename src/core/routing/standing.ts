/**
 * What routing needs to know about an account from the books (or, when there are no books, from
 * the current plan): a narrow interface, so routing never reads the books' internals.
 */

/** Lifecycle stage of an account (the books' stages). */
export type AccountStage =
  | "pool"
  | "warming"
  | "in_market"
  | "bdr"
  | "qualified"
  | "rotating"
  | "core";

/** Where an account stands today. */
export interface AccountStanding {
  /** The AE whose active book (core or rotating tier) holds the account, or null. */
  readonly bookOwner: string | null;
  /** The BDR whose queue holds it, or null. */
  readonly bdr: string | null;
  /** The AE whose patch (territory in the current plan) holds it, or null. */
  readonly patchOwner: string | null;
  /** Lifecycle stage, or null when unknown. */
  readonly stage: AccountStage | null;
  /** Where this came from. */
  readonly source: "books" | "plan";
}

/** Reads account standings (from books, or from the plan when no books exist). */
export interface StandingReader {
  standing(accountId: string): AccountStanding | null;
}

/** A standing reader over a map (tests, in-memory service state). */
export function standingsFrom(map: ReadonlyMap<string, AccountStanding>): StandingReader {
  return { standing: (id) => map.get(id) ?? null };
}
