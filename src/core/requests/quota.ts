/** Request of the quota operation (`paydirt quota`). */
import { z } from "zod";
import { day, int, num } from "./common.js";

export const QuotaRequest = z.strictObject({
  /** Company target for the period (default: the reps' current quotas for it, else their expected bookings). */
  target: num(0, 1e15).optional(),
  /** A year (2027) or a quarter (2027-Q1); default: the year after the as-of date. */
  period: z.string().min(4).optional(),
  asOf: day.optional(),
  /** Months a new hire takes to reach full productivity (linear ramp). */
  rampMonths: num(0, 60).default(6),
  /** Use the forecast's per-rep distribution (quarters only) instead of the scored potential. */
  forecast: z.boolean().default(false),
  /** Draws of the simulated bookings per rep. */
  draws: int(100, 1_000_000).default(4000),
  seed: int(0, 2 ** 31).default(1),
  /** Compare the quotas with what each rep then booked (the period must be over). */
  backtest: z.boolean().default(false),
});
export type QuotaRequest = z.infer<typeof QuotaRequest>;
