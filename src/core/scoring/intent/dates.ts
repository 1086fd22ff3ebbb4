const DAY_MS = 86_400_000;

/** The ISO date `days` days before an ISO date. */
export function daysBefore(iso: string, days: number): string {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return new Date(t - days * DAY_MS).toISOString().slice(0, 10);
}
