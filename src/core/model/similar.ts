/** Spelling checks for categorical values: catches `technolgy` or `GTXPro` vs `GTX Pro`. */

/** Compare key: lower case, letters and digits only. */
export function looseKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

/** A value that looks like another spelling of a more common or known value. */
export interface Lookalike {
  readonly value: string;
  readonly count: number;
  readonly like: string;
  readonly reason: "normalised" | "misspelling";
}

/**
 * Find values that match a more frequent value (or a vocabulary word) only after normalising
 * case and punctuation, or within a small edit distance. Values are never changed, only reported.
 */
export function findLookalikes(
  counts: readonly { readonly value: string; readonly count: number }[],
  vocabulary: readonly string[] = [],
): Lookalike[] {
  const sorted = [...counts].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const out: Lookalike[] = [];
  const present = new Set(sorted.map((c) => looseKey(c.value)));
  sorted.forEach((c, i) => {
    const key = looseKey(c.value);
    if (key.length < 3) return;
    // More frequent values first, then vocabulary words not already present.
    const others = [
      ...sorted.slice(0, i).map((o) => o.value),
      ...vocabulary.filter((w) => !present.has(looseKey(w))),
    ];
    for (const other of others) {
      const ok = looseKey(other);
      if (ok === key) {
        if (other !== c.value)
          out.push({ value: c.value, count: c.count, like: other, reason: "normalised" });
        return;
      }
      // Values that differ only in digits are different codes (FIPS, ZIP, model numbers).
      if (key.replace(/\d/g, "") === ok.replace(/\d/g, "")) continue;
      const limit = key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
      if (limit > 0 && editDistance(key, ok, limit) <= limit) {
        out.push({ value: c.value, count: c.count, like: other, reason: "misspelling" });
        return;
      }
    }
  });
  return out;
}

/** Common industry names, used only to flag likely misspellings (never to rewrite data). */
export const INDUSTRY_VOCABULARY: readonly string[] = [
  "technology",
  "software",
  "hardware",
  "healthcare",
  "medical",
  "pharmaceuticals",
  "biotechnology",
  "finance",
  "financial services",
  "banking",
  "insurance",
  "retail",
  "e-commerce",
  "manufacturing",
  "education",
  "government",
  "telecommunications",
  "media",
  "entertainment",
  "marketing",
  "advertising",
  "real estate",
  "construction",
  "energy",
  "utilities",
  "transportation",
  "logistics",
  "hospitality",
  "food and beverage",
  "agriculture",
  "legal",
  "consulting",
  "services",
  "employment",
  "nonprofit",
  "automotive",
  "aerospace",
  "chemicals",
  "mining",
  "apparel",
  "consumer goods",
  "gaming",
];
