/** Request of the target-account-list operation (`paydirt tal`, and the server's list endpoint). */
import { z } from "zod";
import { day, int, names, num } from "./common.js";

export const TalRequest = z.strictObject({
  asOf: day.optional(),
  /** Keep the list in the store (one list per as-of date). */
  save: z.boolean().default(false),
  /** Accounts printed. */
  top: int(0, 1_000_000_000).default(15),
  dimensions: names.default(["industry", "size_band", "region"]),
  peers: names.optional(),
  windowMonths: int(1, 240).default(24),
  /** Months back for the ICP-execution check (0: skip). */
  periodMonths: int(0, 120).default(12),
  intentWeight: num(0, 100).optional(),
  inMarketBonus: num(0, 100).optional(),
  /** Shares of tiers A, B, C as fractions (D is the rest). */
  tierShares: z
    .array(num(0, 1))
    .length(3)
    .refine((xs) => xs.reduce((a, x) => a + x, 0) <= 1, "three shares adding up to at most 1")
    .optional(),
  seed: int(0, 2 ** 31).default(1),
});
export type TalRequest = z.infer<typeof TalRequest>;
