/** Quality of matches against ground truth (lead id -> true account id, or null). */
export interface MatchQuality {
  /** Leads whose company is an account. */
  readonly accountLeads: number;
  /** Leads from companies that are not accounts. */
  readonly otherLeads: number;
  /** Correct matches / all matches made. */
  readonly precision: number;
  /** Correct matches / leads whose company is an account. */
  readonly recall: number;
  /** Share of other-company leads matched to some account. */
  readonly otherMatched: number;
  /** Calibration bins: mean confidence vs share correct, over best candidates. */
  readonly bins: readonly {
    lo: number;
    hi: number;
    n: number;
    confidence: number;
    correct: number;
  }[];
  /** Expected calibration error (bin-weighted |confidence - share correct|). */
  readonly ece: number;
}

/** One matched lead for evaluation. */
export interface Judged {
  readonly accountId: string | null;
  /** Best candidate (also when below the threshold) and its confidence. */
  readonly bestId: string | null;
  readonly confidence: number;
  readonly truth: string | null;
}

/** Precision, recall, false-match rate and calibration of a set of matches. */
export function matchQuality(rows: readonly Judged[], binCount = 10): MatchQuality {
  let accountLeads = 0;
  let otherLeads = 0;
  let made = 0;
  let right = 0;
  let otherMatched = 0;
  const bins = Array.from({ length: binCount }, (_, k) => ({
    lo: k / binCount,
    hi: (k + 1) / binCount,
    n: 0,
    confidence: 0,
    correct: 0,
  }));
  for (const r of rows) {
    if (r.truth) accountLeads++;
    else otherLeads++;
    if (r.accountId) {
      made++;
      if (r.accountId === r.truth) right++;
      if (!r.truth) otherMatched++;
    }
    if (r.bestId) {
      const b = bins[Math.min(binCount - 1, Math.floor(r.confidence * binCount))];
      if (b) {
        b.n++;
        b.confidence += r.confidence;
        b.correct += r.bestId === r.truth ? 1 : 0;
      }
    }
  }
  let ece = 0;
  let total = 0;
  for (const b of bins) total += b.n;
  for (const b of bins) {
    if (b.n === 0) continue;
    b.confidence /= b.n;
    b.correct /= b.n;
    ece += (b.n / total) * Math.abs(b.confidence - b.correct);
  }
  return {
    accountLeads,
    otherLeads,
    precision: made ? right / made : 1,
    recall: accountLeads ? right / accountLeads : 1,
    otherMatched: otherLeads ? otherMatched / otherLeads : 0,
    bins,
    ece,
  };
}
