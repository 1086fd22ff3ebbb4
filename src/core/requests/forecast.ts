/** Requests of the forecast operations (`paydirt forecast`, `deals`, `deal show`, and the server's). */
import { z } from "zod";
import { day, int } from "./common.js";

/** A calendar quarter as YYYY-Qn. */
export const quarter = z
  .string()
  .regex(/^\d{4}-?Q[1-4]$/i, "expected a quarter as YYYY-Qn, e.g. 2026-Q3");

export const ForecastRequest = z.strictObject({
  /** Forecast with what was known at the end of this day (default: the latest data). */
  asOf: day.optional(),
  /** Groups listed besides the company. */
  by: z.enum(["rep", "team", "region"]).default("region"),
  /** The first period (default: the quarter of the as-of date); the next one comes with it. */
  period: quarter.optional(),
  /** Monte Carlo draws. */
  draws: int(100, 1_000_000).default(10_000),
  seed: int(0, 2 ** 31).default(1),
});
export type ForecastRequest = z.infer<typeof ForecastRequest>;

export const DealsRequest = z.strictObject({
  asOf: day.optional(),
  /** Only this rep's deals. */
  rep: z.string().min(1).optional(),
  /** Deals listed (by expected value, largest first). */
  limit: int(1, 10_000_000).default(30),
});
export type DealsRequest = z.infer<typeof DealsRequest>;

export const DealShowRequest = z.strictObject({
  id: z.string().min(1),
  asOf: day.optional(),
});
export type DealShowRequest = z.infer<typeof DealShowRequest>;

export const CoverageRequest = z.strictObject({
  asOf: day.optional(),
  /** Coverage a rep needs (qualified pipeline over quota still to win). */
  multiple: z.number().min(0.1).max(100).default(4),
  /** First stage that counts as qualified (default: the second stage deals pass through). */
  qualifiedStage: z.string().min(1).optional(),
  /** Accounts suggested per flagged rep. */
  suggestions: int(0, 100).default(3),
});
export type CoverageRequest = z.infer<typeof CoverageRequest>;

export const PortfolioRequest = z.strictObject({
  rep: z.string().min(1),
  asOf: day.optional(),
  /** Holdings listed (by return, best first). */
  limit: int(1, 1_000_000).default(20),
});
export type PortfolioRequest = z.infer<typeof PortfolioRequest>;

/** Name of a stored forecast (`paydirt forecast --save --name NAME`). */
export const forecastName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/\\]+$/, "a forecast name has no spaces or slashes");

/** GET /v1/forecasts/{name}: the groups of one level only (all levels without it). */
export const StoredForecastQuery = z.strictObject({
  by: z.enum(["company", "region", "team", "rep"]).optional(),
});
