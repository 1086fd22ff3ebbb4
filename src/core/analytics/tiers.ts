/** ICP tiers: A and D are credibly better / worse than the average account; B and C lean. */
export type Tier = "A" | "B" | "C" | "D";

/**
 * The tier of a segment from the posterior probability that its value beats the average:
 * A when at least `confidence`, D when at most 1 - `confidence`, otherwise B above even odds, C below.
 */
export function tierOf(pAboveAverage: number, confidence: number): Tier {
  if (pAboveAverage >= confidence) return "A";
  if (pAboveAverage <= 1 - confidence) return "D";
  return pAboveAverage >= 0.5 ? "B" : "C";
}
