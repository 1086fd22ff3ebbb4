import { DEFAULT_SIGNAL_WEIGHTS, type SignalWeights } from "./weights.js";

/** Settings of engagement, reach and surge detection; every one is a parameter. */
export interface IntentOptions {
  readonly weights: SignalWeights;
  /** Engagement of a signal halves every `halfLifeDays` days. */
  readonly halfLifeDays: number;
  /** Reach counts people, personas, leads and opportunities in the last `reachDays` days. */
  readonly reachDays: number;
  /** Longest recent window tested for a surge, in weeks (every length 1..max is tried). */
  readonly maxSurgeWeeks: number;
  /** Weeks before the longest recent window that make an account's own baseline. */
  readonly baselineWeeks: number;
  /** Significance against the account's own baseline (after correcting for the windows tried). */
  readonly alphaOwn: number;
  /** Significance against the peer segment's recent levels. */
  readonly alphaPeer: number;
  /** Peer segments smaller than this are compared with all accounts instead. */
  readonly minPeers: number;
}

export const DEFAULT_INTENT_OPTIONS: IntentOptions = {
  weights: DEFAULT_SIGNAL_WEIGHTS,
  halfLifeDays: 30,
  reachDays: 90,
  maxSurgeWeeks: 8,
  baselineWeeks: 26,
  alphaOwn: 0.01,
  alphaPeer: 0.05,
  minPeers: 30,
};

/** Days of signals before T the intent table needs (the adapter loads no more). */
export function lookbackDays(o: IntentOptions): number {
  return Math.max(
    7 * (o.maxSurgeWeeks + o.baselineWeeks),
    Math.ceil(8 * o.halfLifeDays),
    o.reachDays,
  );
}
