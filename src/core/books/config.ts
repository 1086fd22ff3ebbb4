import { z } from "zod";
import { fail, ok, type Result } from "../errors.js";
import { type Issue, issue } from "../issues.js";

const count = z.number().int().min(0);
const days = z.number().int().min(0);

/**
 * Every parameter of the book engine, checked with zod. Numbers may not be negative or null; a
 * value left out takes its default (documented in the README).
 */
export const BookConfigSchema = z
  .object({
    /** Share of an AE's capacity held by the core tier. */
    coreShare: z
      .number()
      .min(0)
      .max(1)
      .default(1 / 3),
    /** Core size in accounts for every AE; overrides `coreShare` when given. */
    coreSize: count.optional(),
    /** Accounts a full-time AE works (`reps.capacity` is read as a multiplier of it, 1 when empty). */
    bookSize: z.number().int().min(1).default(100),
    /** Capacity in accounts of named reps (AEs or BDRs), overriding the computed one. */
    capacities: z.record(z.string(), count).default({}),
    /** Days between refreshes (7 = weekly). */
    cadenceDays: z.number().int().min(1).default(7),
    /** A rotating account with no engagement and no open opportunity for this long goes back to the pool. */
    staleDays: days.default(60),
    /** An account with an open opportunity or engagement in this many days never rotates out. */
    holdoverDays: days.default(30),
    /** Days after rotating out before an account may rotate in again. */
    coolDownDays: days.default(90),
    /** Most accounts that may enter one AE's rotating tier at one refresh. */
    maxRotationsPerRefresh: count.default(3),
    /** Accounts in one BDR's queue. */
    bdrCapacity: count.default(40),
    /** Lowest surge score (-log10 p of the surge test) that counts as in market. */
    inMarketThreshold: z.number().min(0).default(0),
    /** An account stays in market this many days after its surge was last detected. */
    inMarketHoldDays: days.default(14),
    /**
     * In-market accounts no BDR has room for enter an AE's idle rotating capacity directly (the AE
     * works them), within the rotations per refresh; false: they wait, reported as no capacity.
     */
    inMarketToAe: z.boolean().default(true),
    /** A meeting or new opportunity within this many days qualifies an in-market account. */
    qualifyDays: days.default(30),
    /**
     * Fairness: a qualified account goes to its patch owner unless that AE's value received this
     * quarter (per rotating slot) exceeds the mean by more than this share; then to the AE with the
     * least.
     */
    fairnessTolerance: z.number().min(0).default(0.25),
    /** Share of accounts (by value) that are a good fit: marketing warms them up. */
    warmingShare: z.number().min(0).max(1).default(0.3),
    /** The core is chosen again after this many days (and whenever the plan changes). */
    coreTermDays: z.number().int().min(1).default(365),
    /** Engagement in this many days counts as a relationship when the core is chosen. */
    relationshipDays: days.default(90),
    /** Core score = value x (1 + the bonuses that apply). */
    coreBonus: z
      .object({
        openOpportunity: z.number().min(0).default(1),
        customer: z.number().min(0).default(0.5),
        relationship: z.number().min(0).default(0.25),
      })
      .strict()
      .default({ openOpportunity: 1, customer: 0.5, relationship: 0.25 }),
    /** Core accounts that won new business are handed to the customer team (a listed exit reason). */
    handOffWon: z.boolean().default(true),
    /** Which rep roles take which stage. */
    roles: z
      .object({
        ae: z.array(z.string().min(1)).min(1).default(["AE"]),
        bdr: z.array(z.string().min(1)).default(["BDR"]),
      })
      .strict()
      .default({ ae: ["AE"], bdr: ["BDR"] }),
  })
  .strict();

/** A checked book configuration. */
export type BookConfig = z.infer<typeof BookConfigSchema>;

/** The defaults (an empty config). */
export const DEFAULT_BOOK_CONFIG: BookConfig = BookConfigSchema.parse({});

/** Check a config object (from JSON): the config, or coded issues naming the JSON path. */
export function parseBookConfig(raw: unknown, file?: string): Result<BookConfig> {
  const r = BookConfigSchema.safeParse(raw ?? {});
  if (r.success) return ok(r.data);
  const issues: Issue[] = r.error.issues.map((e) => {
    const json = e.path.map((p) => (typeof p === "number" ? p : String(p)));
    const unknown = e.code === "unrecognized_keys";
    return issue(
      unknown ? "config_unknown_key" : "config_invalid",
      unknown
        ? `unknown key ${(e as { keys?: string[] }).keys?.join(", ") ?? ""}`
        : e.message.includes("received undefined") || e.message.includes("received null")
          ? `missing value (${e.message})`
          : e.message,
      { path: { ...(file ? { file } : {}), json } },
    );
  });
  return fail(issues);
}
