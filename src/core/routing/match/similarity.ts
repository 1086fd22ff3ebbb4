/**
 * String similarities for company names. Hand-written: they are a few lines each, run millions
 * of times, and no installed library offers them.
 */

/** Jaro-Winkler similarity in [0, 1] (1 = equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matchedA = 0;
  let matchedB = 0; // bit sets for short strings; fall back to arrays for long ones
  const longA = la > 31 || lb > 31 ? new Uint8Array(la) : null;
  const longB = longA ? new Uint8Array(lb) : null;
  let m = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      const used = longB ? longB[j] === 1 : (matchedB >>> j) & 1;
      if (used || b.charCodeAt(j) !== c) continue;
      if (longA && longB) {
        longA[i] = 1;
        longB[j] = 1;
      } else {
        matchedA |= 1 << i;
        matchedB |= 1 << j;
      }
      m++;
      break;
    }
  }
  if (m === 0) return 0;
  let t = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    const inA = longA ? longA[i] === 1 : (matchedA >>> i) & 1;
    if (!inA) continue;
    while (!(longB ? longB[j] === 1 : (matchedB >>> j) & 1)) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) t++;
    j++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Soft TF-IDF (Cohen, Ravikumar & Fienberg 2003) between two word lists: words count as equal
 * when their Jaro-Winkler similarity is at least `close`, weighted by the similarity and by each
 * word's weight (its rarity). Symmetric; 1 when the lists are equal, 0 when nothing is close.
 */
export function softTfidf(
  a: readonly string[],
  b: readonly string[],
  weight: (w: string) => number,
  close = 0.9,
): number {
  if (a.length === 0 || b.length === 0) return 0;
  let na = 0;
  let nb = 0;
  for (const w of a) na += weight(w) ** 2;
  for (const w of b) nb += weight(w) ** 2;
  if (na === 0 || nb === 0) return 0;
  let dot = 0;
  const usedB = new Uint8Array(b.length);
  for (const wa of a) {
    let best = 0;
    let at = -1;
    for (let j = 0; j < b.length; j++) {
      if (usedB[j]) continue;
      const wb = b[j] as string;
      const s = wa === wb ? 1 : jaroWinkler(wa, wb);
      if (s > best) {
        best = s;
        at = j;
      }
    }
    if (at >= 0 && best >= close) {
      usedB[at] = 1;
      dot += weight(wa) * weight(b[at] as string) * best;
    }
  }
  return Math.min(1, dot / Math.sqrt(na * nb));
}

/** Dice coefficient of the character bigrams of two strings (robust to split/joined words). */
export function bigramDice(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const na = a.length - 1;
  const nb = b.length - 1;
  if (na < 1 || nb < 1) return 0;
  // Short strings: compare bigram codes directly, each of b's used once.
  const used = nb <= 64 ? USED.fill(0, 0, nb) : new Uint8Array(nb);
  let common = 0;
  for (let i = 0; i < na; i++) {
    const g = a.charCodeAt(i) * 65536 + a.charCodeAt(i + 1);
    for (let j = 0; j < nb; j++) {
      if (used[j] || b.charCodeAt(j) * 65536 + b.charCodeAt(j + 1) !== g) continue;
      used[j] = 1;
      common++;
      break;
    }
  }
  return (2 * common) / (na + nb);
}

const USED = new Uint8Array(64);
