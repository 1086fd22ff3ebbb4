/** How one signal kind counts toward engagement: a weight per event, or per unit of its value. */
export interface KindWeight {
  readonly weight: number;
  /** "count": each event adds `weight`; "value": each event adds `weight` x its value. */
  readonly measure: "count" | "value";
}

/** Weights per signal kind (lower-case); kinds not listed use `other`. */
export interface SignalWeights {
  readonly kinds: Readonly<Record<string, KindWeight>>;
  readonly other: KindWeight;
}

/**
 * Default weights: a generic prior ranking (direct conversations and hand-raises over passive
 * browsing), meant to be overridden per business or learnt with `learnWeights`.
 */
export const DEFAULT_SIGNAL_WEIGHTS: SignalWeights = {
  kinds: {
    marketing_lead: { weight: 3, measure: "count" },
    meeting: { weight: 3, measure: "count" },
    call: { weight: 2, measure: "count" },
    event: { weight: 2, measure: "count" },
    intent: { weight: 1, measure: "count" },
    content: { weight: 1, measure: "count" },
    product_usage: { weight: 1, measure: "count" },
    email: { weight: 0.5, measure: "count" },
    web_visit: { weight: 0.5, measure: "count" },
  },
  other: { weight: 1, measure: "count" },
};

/** The weight of a kind under a weighting. */
export function weightOf(w: SignalWeights, kind: string): KindWeight {
  return w.kinds[kind.toLowerCase()] ?? w.other;
}
