/**
 * GET /v1/books: the books of a refresh (`paydirt books refresh`; the latest by default): accounts
 * and value per lane (core, rotating, BDR, ...) and per rep, and the rotation history (changes
 * with their reasons).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

const Refresh = z.object({
  refresh_id: z.number(),
  as_of: z.string(),
  policy: z.string(),
  quarter: z.string(),
});

export const Books = z
  .object({
    refreshes: z.array(Refresh),
    refresh: Refresh.nullable(),
    stages: z.array(z.object({ stage: z.string(), accounts: z.number(), value: z.number() })),
    reps: z.array(
      z.object({
        rep_id: z.string(),
        core: z.number(),
        rotating: z.number(),
        bdr: z.number(),
        value: z.number(),
      }),
    ),
    reasons: z.array(z.object({ reason: z.string(), changes: z.number() })),
    changes: z.array(
      z.object({
        as_of: z.string(),
        account_id: z.string(),
        from_stage: z.string(),
        to_stage: z.string(),
        from_rep: z.string().nullable(),
        to_rep: z.string().nullable(),
        reason: z.string(),
      }),
    ),
  })
  .openapi("Books");
type Books = z.infer<typeof Books>;

const route = createRoute({
  method: "get",
  path: "/v1/books",
  tags: ["books"],
  summary: "Books of a refresh: lanes per rep and the rotation history",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      refresh: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(0).max(10_000).default(200),
    }),
  },
  responses: {
    200: { description: "books", content: { "application/json": { schema: Books } } },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const body = await ctx.store.read(async (db, store): Promise<Books> => {
      const empty: Books = {
        refreshes: [],
        refresh: null,
        stages: [],
        reps: [],
        reasons: [],
        changes: [],
      };
      if (!(await store.hasTable("book_refreshes"))) return empty;
      const refreshes = await db.all<z.infer<typeof Refresh>>(
        "SELECT refresh_id, CAST(as_of AS VARCHAR) AS as_of, policy, quarter FROM book_refreshes ORDER BY as_of DESC, refresh_id DESC",
      );
      const refresh =
        q.refresh === undefined ? refreshes[0] : refreshes.find((r) => r.refresh_id === q.refresh);
      if (!refresh) return { ...empty, refreshes };
      const id = { id: refresh.refresh_id };
      const stages = await db.all<{ stage: string; accounts: number; value: number }>(
        `SELECT stage, count(*) AS accounts, coalesce(sum("value"), 0) AS "value"
         FROM book_states WHERE refresh_id = $id GROUP BY stage ORDER BY accounts DESC`,
        id,
      );
      const reps = await db.all<Books["reps"][number]>(
        `SELECT coalesce(ae_id, bdr_id) AS rep_id,
           count(*) FILTER (WHERE stage = 'core') AS core,
           count(*) FILTER (WHERE stage = 'rotating') AS rotating,
           count(*) FILTER (WHERE stage = 'bdr') AS bdr,
           coalesce(sum("value"), 0) AS "value"
         FROM book_states WHERE refresh_id = $id AND coalesce(ae_id, bdr_id) IS NOT NULL
         GROUP BY ALL ORDER BY rep_id`,
        id,
      );
      const reasons = await db.all<{ reason: string; changes: number }>(
        `SELECT reason, count(*) AS changes FROM book_changes WHERE refresh_id <= $id
         GROUP BY reason ORDER BY changes DESC`,
        id,
      );
      const changes = await db.all<Books["changes"][number]>(
        `SELECT CAST(as_of AS VARCHAR) AS as_of, account_id, from_stage, to_stage, from_rep, to_rep, reason
         FROM book_changes WHERE refresh_id <= $id ORDER BY as_of DESC, account_id LIMIT $limit`,
        { ...id, limit: q.limit },
      );
      return { refreshes, refresh, stages, reps, reasons, changes };
    });
    return c.json(body, 200);
  });
}
