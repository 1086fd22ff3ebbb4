/** Request of the ICP operation (`paydirt icp`, and the server's ICP endpoint). */
import { z } from "zod";
import { day, int, names, num } from "./common.js";

export const IcpRequest = z.strictObject({
  /** Fit with what was known at the end of this day (default: the latest data). */
  asOf: day.optional(),
  /** Segment dimensions, outermost first. */
  dimensions: names.default(["industry", "size_band", "region"]),
  /** Months of closed deals counted. */
  windowMonths: int(1, 600).default(24),
  margin: num(0.01, 1).optional(),
  maxLifetimeYears: num(0.1, 100).optional(),
  churnWhenUnknown: num(0.001, 1).optional(),
  tierConfidence: num(0.5, 0.9999).optional(),
  potentialQuantile: num(0.01, 0.99).optional(),
  /** Shrink each segment toward its parent only. */
  nested: z.boolean().default(false),
  /** Which level to list (default: the deepest). */
  level: int(0, 20).optional(),
  /** Segments listed. */
  top: int(1, 1_000_000).default(25),
  /** Per-account analytics: the peer segment of the surge test (default: first two dimensions). */
  peers: names.optional(),
  halfLifeDays: num(0.1, 3650).optional(),
  learnWeightsDays: num(7, 3650).optional(),
});
export type IcpRequest = z.infer<typeof IcpRequest>;
