/** Quota periods: a calendar year (2027) or quarter (2027-Q1), as whole UTC days since 1970-01-01. */

const DAY_MS = 86_400_000;

export interface Period {
  readonly label: string;
  /** First and last day (inclusive). */
  readonly start: number;
  readonly end: number;
}

/** The period a label names, or undefined when it is neither a year nor a quarter. */
export function parsePeriod(label: string): Period | undefined {
  const t = label.trim();
  const q = /^(\d{4})-?Q([1-4])$/i.exec(t);
  if (q) {
    const y = Number(q[1]);
    const k = Number(q[2]) - 1;
    return {
      label: `${y}-Q${k + 1}`,
      start: Date.UTC(y, k * 3, 1) / DAY_MS,
      end: Date.UTC(y, k * 3 + 3, 0) / DAY_MS,
    };
  }
  const y = /^(\d{4})$/.exec(t);
  if (y) {
    const n = Number(y[1]);
    return { label: `${n}`, start: Date.UTC(n, 0, 1) / DAY_MS, end: Date.UTC(n, 11, 31) / DAY_MS };
  }
  return undefined;
}

/** Day number of an ISO date. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** The chance an account with a yearly chance `p` books within `days` (constant hazard). */
export function chanceWithin(p: number, days: number): number {
  const c = Math.min(Math.max(p, 0), 1);
  return c >= 1 ? 1 : 1 - (1 - c) ** (days / 365);
}
