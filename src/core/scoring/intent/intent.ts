import { daysBefore } from "./dates.js";
import { fitGammaPrior, type GammaPrior, updateGamma, upperTail } from "./gamma-poisson.js";
import type { IntentInput } from "./input.js";
import { DEFAULT_INTENT_OPTIONS, type IntentOptions } from "./options.js";
import { weightOf } from "./weights.js";

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
  const n = input.accounts.length;
  const K = Math.max(1, Math.round(o.maxSurgeWeeks));
  const B = Math.max(1, Math.round(o.baselineWeeks));
  const b = input.bins;
  const kindWeights = b.kinds.map((k) => weightOf(o.weights, k));
  const engagement = new Float64Array(n);
  const weekly = new Float64Array(n * K);
  const earliest = new Int32Array(n * K).fill(-1);
  const baseline = new Float64Array(n);
  const decay = Math.LN2 / Math.max(1e-9, o.halfLifeDays);
  for (let i = 0; i < b.account.length; i++) {
    const a = b.account[i] ?? 0;
    const d = b.daysAgo[i] ?? 0;
    if (d < 0) continue;
    const kw = kindWeights[b.kind[i] ?? 0];
    if (!kw || kw.weight <= 0) continue;
    const c = b.count[i] ?? 0;
    const amount = kw.measure === "value" ? (b.value[i] ?? 0) : c;
    engagement[a] = (engagement[a] ?? 0) + kw.weight * amount * Math.exp(-decay * d);
    const w = Math.floor(d / 7);
    if (w < K) {
      const j = a * K + w;
      weekly[j] = (weekly[j] ?? 0) + c;
      if (d > (earliest[j] ?? -1)) earliest[j] = d;
    } else if (w < K + B) baseline[a] = (baseline[a] ?? 0) + c;
  }
  // Cumulative recent counts: cum[a*K + L-1] = events in the last L weeks.
  const cum = new Float64Array(n * K);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let w = 0; w < K; w++) {
      s += weekly[a * K + w] ?? 0;
      cum[a * K + w] = s;
    }
  }
  // Peer groups (small ones fall back to all accounts) and their gamma priors.
  const groupOf = new Int32Array(n);
  const groupNames: string[] = ["all"];
  const members: number[][] = [[]];
  const index = new Map<string, number>();
  input.accounts.forEach((acc, a) => {
    let g = index.get(acc.peerGroup);
    if (g === undefined) {
      g = groupNames.length;
      index.set(acc.peerGroup, g);
      groupNames.push(acc.peerGroup);
      members.push([]);
    }
    members[g]?.push(a);
    groupOf[a] = g;
  });
  members[0] = Array.from({ length: n }, (_, a) => a);
  for (let g = 1; g < members.length; g++) {
    const m = members[g] ?? [];
    if (m.length < o.minPeers) for (const a of m) groupOf[a] = 0;
  }
  const baselinePrior: GammaPrior[] = [];
  const recentPrior: GammaPrior[][] = [];
  for (let g = 0; g < members.length; g++) {
    const m = members[g] ?? [];
    if (g > 0 && m.length < o.minPeers) {
      baselinePrior.push({ shape: 1, rate: 1 });
      recentPrior.push([]);
      continue;
    }
    baselinePrior.push(
      fitGammaPrior(
        m.map((a) => baseline[a] ?? 0),
        B,
      ),
    );
    const perL: GammaPrior[] = [];
    for (let L = 1; L <= K; L++)
      perL.push(
        fitGammaPrior(
          m.map((a) => cum[a * K + L - 1] ?? 0),
          L,
        ),
      );
    recentPrior.push(perL);
  }

  return input.accounts.map((acc, a) => {
    const g = groupOf[a] ?? 0;
    const own = updateGamma(baselinePrior[g] as GammaPrior, baseline[a] ?? 0, B);
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
    const peer = recentPrior[g]?.[bestL - 1];
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
      peerGroup: groupNames[g] ?? "all",
      engagement: engagement[a] ?? 0,
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
