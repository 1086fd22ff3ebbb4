import type { NormalName } from "./normalize.js";

/** 32-bit FNV-1a of a one-letter namespace and a string. */
export function hashKey(space: number, s: string): number {
  let h = (0x811c9dc5 ^ space) >>> 0;
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Namespaces of blocking keys. */
export const WORD = 1;
export const SQUASHED = 2;
export const ACRONYM = 3;

/**
 * Blocking keys of one word: the word and, for words of 4+ letters, the word with each letter
 * deleted (a symmetric deletion neighbourhood: two words one typo apart always share a key).
 */
export function wordKeys(word: string, out: number[]): void {
  out.push(hashKey(WORD, word));
  deletionKeys(word, out);
}

/** The one-deletion variants' keys of a word of 4 to 24 letters (none otherwise). */
export function deletionKeys(word: string, out: number[]): void {
  const n = word.length;
  if (n < 4 || n > 24) return;
  for (let skip = 0; skip < n; skip++) {
    // Doubled letters give the same variant: keep the first.
    if (skip > 0 && word.charCodeAt(skip) === word.charCodeAt(skip - 1)) continue;
    let h = (0x811c9dc5 ^ WORD) >>> 0;
    h = Math.imul(h, 0x01000193);
    for (let i = 0; i < n; i++) {
      if (i === skip) continue;
      h ^= word.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out.push(h >>> 0);
  }
}

/** The words of a name that take part in blocking (all but "and"). */
export function blockingWords(n: NormalName): string[] {
  return n.tokens.filter((w) => w !== "and" && w.length >= 2);
}
