/** "Did you mean" for misspelt names (flags, config keys): the closest known name, if a likely typo. */
import { editDistance } from "./model/similar.js";

/** The known name closest to `given` when it is close enough to be a typo, else undefined. */
export function didYouMean(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(given.toLowerCase(), k.toLowerCase(), 3);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(1, Math.min(3, Math.floor(given.length / 3))) ? best : undefined;
}
