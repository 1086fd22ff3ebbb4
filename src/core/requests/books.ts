/** Requests of the dynamic-books operations (`paydirt books refresh|show|changes|export|backtest`). */
import { z } from "zod";
import { POLICIES } from "../books/policy.js";
import { day, int, names } from "./common.js";

/** Peer segment of the in-market test. */
const peers = names.default(["industry", "size_band"]);
/** Plan whose patches the books start from (default: the latest plan, else the owners). */
const plan = z.string().min(1).optional();

/** Named cadences, in days. */
export const CADENCES: Readonly<Record<string, number>> = {
  daily: 1,
  weekly: 7,
  biweekly: 14,
  monthly: 30,
};

export const BooksRefreshRequest = z.strictObject({
  /** Books as of the end of this day (default: the latest data). */
  asOf: day.optional(),
  plan,
  policy: z
    .string()
    .refine((p) => POLICIES.some((x) => x.name === p), {
      message: `must be one of ${POLICIES.map((p) => p.name).join(", ")}`,
    })
    .default("dynamic"),
  peers,
});
export type BooksRefreshRequest = z.infer<typeof BooksRefreshRequest>;

export const BooksShowRequest = z.strictObject({
  rep: z.string().min(1),
  asOf: day.optional(),
});
export type BooksShowRequest = z.infer<typeof BooksShowRequest>;

export const BooksChangesRequest = z.strictObject({
  /** Moves since this day (default: those of the latest refresh). */
  since: day.optional(),
});
export type BooksChangesRequest = z.infer<typeof BooksChangesRequest>;

export const BooksExportRequest = z.strictObject({
  asOf: day.optional(),
});
export type BooksExportRequest = z.infer<typeof BooksExportRequest>;

export const BooksBacktestRequest = z.strictObject({
  from: day,
  to: day,
  /** Days between refreshes, or daily, weekly, biweekly, monthly (default: the config's). */
  cadence: z
    .preprocess(
      (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
      z.union([z.enum(Object.keys(CADENCES) as [string, ...string[]]), int(1, 366)], {
        error: "must be daily, weekly, biweekly, monthly or a number of days",
      }),
    )
    .optional(),
  plan,
  peers,
});
export type BooksBacktestRequest = z.infer<typeof BooksBacktestRequest>;

/** Days between refreshes of a backtest request's cadence. */
export function cadenceDays(cadence: string | number | undefined, fallback: number): number {
  if (cadence === undefined) return fallback;
  return typeof cadence === "number" ? cadence : (CADENCES[cadence] ?? fallback);
}
