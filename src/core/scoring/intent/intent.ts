import { countSignals } from "./counts.js";
import { daysBefore } from "./dates.js";
import { type GammaPrior, updateGamma, upperTail } from "./gamma-poisson.js";
import type { IntentInput } from "./input.js";
import { DEFAULT_INTENT_OPTIONS, type IntentOptions } from "./options.js";
import { peerGroups } from "./peers.js";

/** Intent, reach and surge of one account as of T: a row of the table `paydirt tal` joins. */
export interface IntentRow {
  readonly accountId: string;
  /** The peer segment compared against ("all" when the account's own was too small). */
  readonly peerGroup: string;
  /** Time-decayed weighted signal volume. */
  readonly engagement: number;
  readonly people: number;
  readonly personas: number;
  readonly leads: number;
  readonly opportunitiesOpened: number;
  /** The recent window (weeks) where the account stands out most from its own baseline. */
  readonly recentWeeks: number;
  readonly recentCount: number;
  /** Events expected in that window from the account's own baseline (shrunk toward peers). */
  readonly expectedCount: number;
  /** P-value against its own baseline, corrected for the windows tried. */
  readonly pOwn: number;
  /** P-value against its peer segment's recent levels over the same window. */
  readonly pPeer: number;
  /** -log10 of the larger p-value: both tests must pass. */
  readonly surgeScore: number;
  readonly inMarket: boolean;
  /** First day with signals in the surge window, when in market. */
  readonly surgeStart: string | null;
}

/**
 * Engagement, reach and surge per account. Surge: the account's signal count over each recent
 * window of 1..K weeks is tested against the negative-binomial predictive of its own baseline
 * (a gamma-Poisson rate, shrunk toward its peers' baseline rates) and against its peers' recent
 * counts; "in market" when both are significant, starting at the window's first signal.
 */
export function intentTable(input: IntentInput, options: Partial<IntentOptions> = {}): IntentRow[] {
  const o: IntentOptions = { ...DEFAULT_INTENT_OPTIONS, ...options };
  const counts = countSignals(input.bins, input.accounts.length, o);
  const peers = peerGroups(input.accounts, counts, o.minPeers);
  const { K, B, cumulative: cum, earliest, baseline } = counts;
  return input.accounts.map((acc, a) => {
    const g = peers.groupOf[a] ?? 0;
    const own = updateGamma(peers.baseline[g] as GammaPrior, baseline[a] ?? 0, B);
    const rate = own.shape / own.rate;
    let bestL = 1;
    let bestP = 1;
    for (let L = 1; L <= K; L++) {
      const c = cum[a * K + L - 1] ?? 0;
      if (c <= rate * L) continue;
      const p = upperTail(c, own, L);
      if (p < bestP) {
        bestP = p;
        bestL = L;
      }
    }
    const count = cum[a * K + bestL - 1] ?? 0;
    const pOwn = Math.min(1, bestP * K);
    const peer = peers.recent[g]?.[bestL - 1];
    const pPeer = peer ? upperTail(count, peer, bestL) : 1;
    const inMarket = pOwn < o.alphaOwn && pPeer < o.alphaPeer;
    let start: string | null = null;
    if (inMarket) {
      let first = -1;
      for (let w = 0; w < bestL; w++) first = Math.max(first, earliest[a * K + w] ?? -1);
      if (first >= 0) start = daysBefore(input.asOf, first);
    }
    return {
      accountId: acc.accountId,
      peerGroup: peers.names[g] ?? "all",
      engagement: counts.engagement[a] ?? 0,
      people: acc.people,
      personas: acc.personas,
      leads: acc.leads,
      opportunitiesOpened: acc.opportunitiesOpened,
      recentWeeks: bestL,
      recentCount: count,
      expectedCount: rate * bestL,
      pOwn,
      pPeer,
      surgeScore: -Math.log10(Math.max(pOwn, pPeer, 1e-300)),
      inMarket,
      surgeStart: start,
    };
  });
}
