/**
 * Signals binned by account, day and kind, in columns (one entry per non-empty bin), plus what
 * reach needs per account. Built by the store adapter for one as-of date T.
 */
export interface SignalBins {
  /** Index into `accounts`. */
  readonly account: Int32Array;
  /** Whole days before T (0 = the day T itself). */
  readonly daysAgo: Int32Array;
  /** Index into `kinds`. */
  readonly kind: Int32Array;
  /** Number of signals in the bin. */
  readonly count: Float64Array;
  /** Sum of their values. */
  readonly value: Float64Array;
  readonly kinds: readonly string[];
}

/** One account as intent and reach see it. */
export interface IntentAccount {
  readonly accountId: string;
  /** Peer segment (e.g. industry x size band) the surge test compares against. */
  readonly peerGroup: string;
  /** Distinct people and personas behind signals in the reach window. */
  readonly people: number;
  readonly personas: number;
  /** Marketing leads in the reach window. */
  readonly leads: number;
  /** Opportunities opened in the reach window. */
  readonly opportunitiesOpened: number;
}

/** Everything the intent table is computed from. */
export interface IntentInput {
  /** YYYY-MM-DD. */
  readonly asOf: string;
  readonly accounts: readonly IntentAccount[];
  readonly bins: SignalBins;
}
