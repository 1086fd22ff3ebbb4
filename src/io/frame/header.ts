/** Index of `name` in a header: exact match after trimming, else ignoring case; -1 when absent. */
export function findColumn(header: readonly string[], name: string): number {
  const t = name.trim();
  const exact = header.findIndex((h) => h.trim() === t);
  if (exact >= 0) return exact;
  return header.findIndex((h) => h.trim().toLowerCase() === t.toLowerCase());
}
