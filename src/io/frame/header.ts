/** Index of `name` in a header: exact match after trimming, else ignoring case; -1 when absent. */
export function findColumn(header: readonly string[], name: string): number {
  const t = name.trim();
  const exact = header.findIndex((h) => h.trim() === t);
  if (exact >= 0) return exact;
  return header.findIndex((h) => h.trim().toLowerCase() === t.toLowerCase());
}

/**
 * Usable column names: a blank name becomes `column<N>` (pandas writes its index that way) and a
 * repeated name (ignoring case) gets `_<N>` appended, N being the 1-based column number.
 */
export function uniqueHeader(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    let name = h.trim() === "" ? `column${i + 1}` : h.trim();
    if (seen.has(name.toLowerCase())) name = `${name}_${i + 1}`;
    seen.add(name.toLowerCase());
    return name;
  });
}
