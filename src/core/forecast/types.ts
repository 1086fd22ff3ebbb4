/**
 * What the forecast reads: deals with their change history, product usage, reps and quotas, as
 * plain values. Days are whole UTC days since 1970-01-01 (`Day`). Nothing here knows the store:
 * src/io/forecast loads these from it (as of a date), tests and benchmarks build them directly.
 */

/** Days since 1970-01-01 (UTC). */
export type Day = number;

export type DealStatus = "open" | "won" | "lost";

/** One recorded change of a deal (Salesforce OpportunityHistory): the state after it. */
export interface DealEvent {
  readonly day: Day;
  readonly stage: string | null;
  readonly status: DealStatus | null;
  readonly amount: number | null;
  readonly closeDate: Day | null;
  readonly category: string | null;
}

/**
 * A deal as the store has it. The top-level status, stage, amount, close date and category are
 * the latest known; `events` are its recorded changes in day order (may be empty). What was known
 * at a date comes from `dealAt`, never from the top-level fields directly.
 */
export interface DealRecord {
  readonly id: string;
  readonly account: string | null;
  readonly owner: string | null;
  readonly type: string | null;
  readonly product?: string | null;
  readonly created: Day;
  readonly status: DealStatus;
  readonly stage: string | null;
  readonly amount: number | null;
  readonly closeDate: Day | null;
  readonly category: string | null;
  readonly events: readonly DealEvent[];
}

/** One day of an account's main product-usage measure (e.g. active users). */
export interface UsageRecord {
  readonly account: string;
  readonly day: Day;
  readonly value: number;
}

export interface RepRecord {
  readonly id: string;
  readonly team: string | null;
  readonly manager: string | null;
}

export interface QuotaRecord {
  readonly rep: string;
  readonly start: Day;
  readonly end: Day;
  readonly amount: number;
}

/** Everything the forecast reads. */
export interface ForecastInput {
  readonly deals: readonly DealRecord[];
  readonly usage: readonly UsageRecord[];
  readonly reps: readonly RepRecord[];
  readonly quotas: readonly QuotaRecord[];
}

const DAY_MS = 86_400_000;

/** Day number of an ISO date or timestamp (its UTC date). */
export function dayOf(iso: string): Day {
  return Math.floor(Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / DAY_MS);
}

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoDay(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar quarter: first and last day, and its label (2026-Q3). */
export interface Quarter {
  readonly label: string;
  readonly start: Day;
  readonly end: Day;
}

/** The calendar quarter holding `day`, or the `offset`-th one after it. */
export function quarterOf(day: Day, offset = 0): Quarter {
  const d = new Date(day * DAY_MS);
  const q = Math.floor(d.getUTCMonth() / 3) + offset;
  const y = d.getUTCFullYear() + Math.floor(q / 4);
  const qq = ((q % 4) + 4) % 4;
  return {
    label: `${y}-Q${qq + 1}`,
    start: Date.UTC(y, qq * 3, 1) / DAY_MS,
    end: Date.UTC(y, qq * 3 + 3, 0) / DAY_MS,
  };
}

/** Parse a quarter label like 2026-Q3 (undefined when it is not one). */
export function parseQuarter(label: string): Quarter | undefined {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(label.trim());
  if (!m) return undefined;
  return quarterOf(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1) / DAY_MS);
}
