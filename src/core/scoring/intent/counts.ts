import type { SignalBins } from "./input.js";
import type { IntentOptions } from "./options.js";
import { weightOf } from "./weights.js";

/** Per-account sums of the signal bins that engagement and the surge test need. */
export interface SignalCounts {
  /** Recent window lengths tried (weeks) and baseline length (weeks). */
  readonly K: number;
  readonly B: number;
  /** Time-decayed weighted volume per account. */
  readonly engagement: Float64Array;
  /** cumulative[a*K + L-1]: events of account a in the last L weeks. */
  readonly cumulative: Float64Array;
  /** earliest[a*K + w]: days before T of the account's earliest event in week w (-1: none). */
  readonly earliest: Int32Array;
  /** Events in the B weeks before the longest recent window. */
  readonly baseline: Float64Array;
}

/**
 * One pass over the bins: decayed engagement (weight x count or value), and event counts per
 * recent week and in the baseline, of the kinds with a positive weight.
 */
export function countSignals(bins: SignalBins, accounts: number, o: IntentOptions): SignalCounts {
  const K = Math.max(1, Math.round(o.maxSurgeWeeks));
  const B = Math.max(1, Math.round(o.baselineWeeks));
  const kindWeights = bins.kinds.map((k) => weightOf(o.weights, k));
  const engagement = new Float64Array(accounts);
  const weekly = new Float64Array(accounts * K);
  const earliest = new Int32Array(accounts * K).fill(-1);
  const baseline = new Float64Array(accounts);
  const decay = Math.LN2 / Math.max(1e-9, o.halfLifeDays);
  for (let i = 0; i < bins.account.length; i++) {
    const a = bins.account[i] ?? 0;
    const d = bins.daysAgo[i] ?? 0;
    const kw = kindWeights[bins.kind[i] ?? -1];
    if (d < 0 || a >= accounts || !kw || kw.weight <= 0) continue;
    const c = bins.count[i] ?? 0;
    const amount = kw.measure === "value" ? (bins.value[i] ?? 0) : c;
    engagement[a] = (engagement[a] ?? 0) + kw.weight * amount * Math.exp(-decay * d);
    const w = Math.floor(d / 7);
    if (w < K) {
      const j = a * K + w;
      weekly[j] = (weekly[j] ?? 0) + c;
      if (d > (earliest[j] ?? -1)) earliest[j] = d;
    } else if (w < K + B) baseline[a] = (baseline[a] ?? 0) + c;
  }
  const cumulative = new Float64Array(accounts * K);
  for (let a = 0; a < accounts; a++) {
    let s = 0;
    for (let w = 0; w < K; w++) {
      s += weekly[a * K + w] ?? 0;
      cumulative[a * K + w] = s;
    }
  }
  return { K, B, engagement, cumulative, earliest, baseline };
}
