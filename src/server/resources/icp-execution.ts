/**
 * GET /v1/icp/execution: ICP execution over the months before the latest saved target list (what
 * `paydirt tal` prints after the list): the list is built again as of the start of the period
 * (the same code and defaults as the command), and the new pipeline and won revenue of the
 * period are split by the tier each account had then; lift = share of won / share of accounts.
 * Building that list takes seconds: the answer is kept while the server runs.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { IcpRequestError } from "../../io/analytics/icp.js";
import { measureExecution } from "../../io/tal/execution.js";
import { buildTargetList } from "../../io/tal/list.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";
import { memo } from "./memo.js";

export const IcpExecution = z
  .object({
    missing: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** Won share over account share of tier A (the headline lift), when A won anything. */
    liftA: z.number().nullable(),
    rows: z.array(
      z.object({
        tier: z.string(),
        accountShare: z.number(),
        pipeline: z.number(),
        pipelineShare: z.number(),
        won: z.number(),
        wonShare: z.number(),
        lift: z.number().nullable(),
      }),
    ),
  })
  .openapi("IcpExecution");
type IcpExecution = z.infer<typeof IcpExecution>;

/** The ISO date `months` months before `iso` (the day clamped to the month's last). */
function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

const route = createRoute({
  method: "get",
  path: "/v1/icp/execution",
  tags: ["icp"],
  summary: "Pipeline and won revenue of the last months by the tier each account had before",
  security: [{ bearer: [] }],
  request: {
    query: z.object({ months: z.coerce.number().int().min(1).max(120).default(12) }),
  },
  responses: {
    200: {
      description: "ICP execution",
      content: { "application/json": { schema: IcpExecution } },
    },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  const cache = memo<IcpExecution>(8);
  app.openapi(route, async (c) => {
    const { months } = c.req.valid("query");
    const body = await cache(String(months), () =>
      ctx.store.read(async (db, store): Promise<IcpExecution> => {
        const empty = { missing: null, from: null, to: null, liftA: null, rows: [] };
        if (!(await store.hasTable("target_accounts")))
          return { ...empty, missing: "no target account list: run paydirt tal --save" };
        const to = (
          await db.one<{ d: string | null }>(
            "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts",
          )
        )?.d;
        if (!to) return { ...empty, missing: "no target account list: run paydirt tal --save" };
        const from = monthsBefore(to, months);
        let tierOf: Map<string, "A" | "B" | "C" | "D">;
        try {
          const before = await buildTargetList(db, {
            asOf: from,
            dimensions: ["industry", "size_band", "region"],
            windowMonths: 24,
            seed: 1,
          });
          tierOf = new Map(before.rows.map((x) => [x.id, x.tier] as const));
        } catch (err) {
          if (err instanceof IcpRequestError)
            return { ...empty, from, to, missing: `no list as of ${from}: ${err.message}` };
          throw err;
        }
        const rows = await measureExecution(db, from, to, tierOf);
        const a = rows.find((r) => r.tier === "A");
        const fin = (v: number) => (Number.isFinite(v) ? v : null);
        return {
          missing: null,
          from,
          to,
          liftA: a && a.won > 0 ? fin(a.lift) : null,
          rows: rows.map((r) => ({ ...r, lift: fin(r.lift) })),
        };
      }),
    );
    return c.json(body, 200);
  });
}
