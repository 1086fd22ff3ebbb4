import type { SignalBins } from "./input.js";
import type { KindWeight } from "./weights.js";

/**
 * Time-decayed signal volume per account and kind (rows = accounts, columns = kinds), each event
 * counted as its kind's measure (1, or its value) and halved every `halfLifeDays` days.
 */
export function decayedVolumes(
  bins: SignalBins,
  accounts: number,
  halfLifeDays: number,
  measures: readonly KindWeight["measure"][],
): Float64Array {
  const k = bins.kinds.length;
  const out = new Float64Array(accounts * k);
  const decay = Math.LN2 / Math.max(1e-9, halfLifeDays);
  for (let i = 0; i < bins.account.length; i++) {
    const a = bins.account[i] ?? 0;
    const kind = bins.kind[i] ?? -1;
    const d = bins.daysAgo[i] ?? 0;
    if (kind < 0 || kind >= k || d < 0 || a >= accounts) continue;
    const amount = measures[kind] === "value" ? (bins.value[i] ?? 0) : (bins.count[i] ?? 0);
    out[a * k + kind] = (out[a * k + kind] ?? 0) + amount * Math.exp(-decay * d);
  }
  return out;
}
