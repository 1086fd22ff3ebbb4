/** Requests of lead matching and routing (`paydirt match`, `paydirt route simulate|replay`). */
import { z } from "zod";
import { DEFAULT_THRESHOLD } from "../routing/match/matcher.js";
import { instant, int, num } from "./common.js";

/** Exactly one source of accounts: a CSV file or the store. */
const oneAccountSource = (r: { accounts?: string | undefined; db?: string | undefined }) =>
  !r.accounts !== !r.db;

export const MatchRequest = z
  .strictObject({
    /** Leads file (CSV). */
    leads: z.string().min(1),
    /** Accounts file (CSV), or else the store. */
    accounts: z.string().min(1).optional(),
    db: z.string().min(1).optional(),
    /** Matches file written. */
    out: z.string().min(1),
    threshold: num(0, 1).default(DEFAULT_THRESHOLD),
    /** Report a subsidiary's top-level parent account instead. */
    rollup: z.boolean().default(false),
    /** Worker threads (default: 2 when there are 20,000 leads or more and 2 cores, else 1). */
    workers: int(1, 64).optional(),
  })
  .refine(oneAccountSource, { message: "give exactly one of --accounts FILE and --db STORE" });
export type MatchRequest = z.infer<typeof MatchRequest>;

export const RouteSimulateRequest = z.strictObject({
  leads: z.string().min(1),
  /** Routing config (JSON file; default: book owner, lifecycle, round-robin). */
  config: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  accounts: z.string().min(1).optional(),
  /** When every lead arrives (ISO date-time; default now). */
  at: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: "must be an ISO date-time" })
    .optional(),
});
export type RouteSimulateRequest = z.infer<typeof RouteSimulateRequest>;

export const RouteReplayRequest = z
  .strictObject({
    /** The operational store: an embedded PGlite directory, or a PostgreSQL URL. */
    data: z.string().min(1).optional(),
    pg: z.string().min(1).optional(),
    /** Window of decision times [from, to) (ISO dates or date-times; default: all). */
    from: instant.optional(),
    to: instant.optional(),
    /** Rule set to replay through (JSON file; default: the one serve uses for --db). */
    config: z.string().min(1).optional(),
    db: z.string().min(1).optional(),
    /** Every change as CSV. */
    out: z.string().min(1).optional(),
  })
  .refine((r) => !r.data !== !r.pg, { message: "give exactly one of --data DIR and --pg URL" });
export type RouteReplayRequest = z.infer<typeof RouteReplayRequest>;
