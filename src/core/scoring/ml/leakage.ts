import type { Dataset } from "./dataset.js";
import { binCount } from "./features.js";

/** A column that alone separates the classes almost perfectly. */
export interface LeakageSuspect {
  readonly column: string;
  /** AUC of the column's own bins ranked by their positive rate (in-sample). */
  readonly auc: number;
}

/**
 * Columns that alone separate positives from negatives almost perfectly (AUC >= `threshold` when
 * each bin, or category, is scored by its own positive rate): in CRM exports these are nearly
 * always facts known only after the outcome (close dates, amounts of won deals, final stages),
 * which make a model look perfect and fail on open records. Rows with label -1 are ignored.
 */
export function leakageSuspects(
  ds: Dataset,
  labels: Int8Array,
  threshold = 0.99,
): LeakageSuspect[] {
  const out: LeakageSuspect[] = [];
  ds.features.forEach((f, j) => {
    const nb = binCount(f);
    const pos = new Float64Array(nb);
    const neg = new Float64Array(nb);
    const bins = ds.bins[j] as Uint8Array;
    for (let r = 0; r < ds.rows; r++) {
      const l = labels[r];
      const b = bins[r] as number;
      if (l === 1) pos[b] = (pos[b] as number) + 1;
      else if (l === 0) neg[b] = (neg[b] as number) + 1;
    }
    let P = 0;
    let N = 0;
    for (let b = 0; b < nb; b++) {
      P += pos[b] as number;
      N += neg[b] as number;
    }
    if (P === 0 || N === 0) return;
    const used = [...Array(nb).keys()].filter((b) => (pos[b] as number) + (neg[b] as number) > 0);
    const rate = (b: number) => (pos[b] as number) / ((pos[b] as number) + (neg[b] as number));
    used.sort((a, b) => rate(a) - rate(b));
    // Walk bins from the lowest rate up: each positive beats the negatives of lower-rate bins
    // and ties with those of its own bin.
    let below = 0;
    let wins = 0;
    for (const b of used) {
      wins += (pos[b] as number) * (below + 0.5 * (neg[b] as number));
      below += neg[b] as number;
    }
    const auc = wins / (P * N);
    if (auc >= threshold) out.push({ column: f.column, auc });
  });
  return out.sort((a, b) => b.auc - a.auc || (a.column < b.column ? -1 : 1));
}
