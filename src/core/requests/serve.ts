/** Request of `paydirt serve`: the lead routing API and the web app. */
import { z } from "zod";
import { int } from "./common.js";

export const ServeRequest = z
  .strictObject({
    port: int(0, 65535).default(8787),
    host: z.string().min(1).default("127.0.0.1"),
    /** Analytics store (read-only), or else an accounts CSV. */
    db: z.string().min(1).optional(),
    accounts: z.string().min(1).optional(),
    /** Operational store: a PostgreSQL URL, or else an embedded PGlite folder. */
    pg: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    /** Routing config (JSON file). */
    config: z.string().min(1).optional(),
    /** Largest request body in bytes. */
    maxBody: int(256, 64 * 1024 * 1024).default(1024 * 1024),
    /** Connections to PostgreSQL. */
    poolSize: int(1, 100).optional(),
  })
  .refine((r) => !(r.db && r.accounts), { message: "give --db or --accounts, not both" })
  .refine((r) => !(r.pg && r.data), { message: "give --pg or --data, not both" });
export type ServeRequest = z.infer<typeof ServeRequest>;
