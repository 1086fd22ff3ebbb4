const DAY_MS = 86_400_000;

/** Whole days since 1970-01-01 of a YYYY-MM-DD date (or the date part of a timestamp). */
export function dayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar quarter of a day, e.g. "2026Q2". */
export function quarterOf(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
