/**
 * GET /v1/icp/segments: ICP segments as of a date (the same computation as `paydirt icp`), each
 * figure with its 90% interval, tiers and the report's notes (e.g. "no better than chance").
 * Answers are kept per query while the server runs (the store only changes through a restart or
 * this server's own writes).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { computeIcp } from "../../io/analytics/icp.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

const Interval = z
  .object({ mean: z.number(), lo: z.number(), hi: z.number(), observed: z.number().nullable() })
  .nullable();

export const IcpSegmentOut = z
  .object({
    key: z.string(),
    level: z.number(),
    dims: z.record(z.string(), z.string()),
    accounts: z.number(),
    customers: z.number(),
    won: z.number(),
    lost: z.number(),
    arr: z.number(),
    openPipeline: z.number(),
    winRate: Interval,
    acv: Interval,
    cycleDays: Interval,
    clv: Interval,
    value: Interval,
    pAboveAverage: z.number().nullable(),
    tier: z.string().nullable(),
    rank: z.number(),
  })
  .openapi("IcpSegment");

export const IcpSegments = z
  .object({
    asOf: z.string(),
    dimensions: z.array(z.string()),
    level: z.number(),
    segments: z.array(IcpSegmentOut),
    notes: z.array(z.string()),
  })
  .openapi("IcpSegments");
type IcpSegments = z.infer<typeof IcpSegments>;

const Query = z.object({
  dims: z
    .string()
    .regex(/^[A-Za-z0-9_:.,-]+$/)
    .optional()
    .openapi({ description: "dimensions, outermost first (default industry,size_band,region)" }),
  level: z.coerce.number().int().min(0).max(20).optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  windowMonths: z.coerce.number().int().min(1).max(600).default(24),
});

const route = createRoute({
  method: "get",
  path: "/v1/icp/segments",
  tags: ["icp"],
  summary: "ICP segments with intervals and tiers",
  security: [{ bearer: [] }],
  request: { query: Query },
  responses: {
    200: { description: "segments", content: { "application/json": { schema: IcpSegments } } },
    ...errorResponses,
  },
});

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);
function interval(
  e: { mean: number; lo: number; hi: number; observed: number | null } | null | undefined,
) {
  if (!e || num(e.mean) === null) return null;
  return {
    mean: e.mean,
    lo: num(e.lo) ?? e.mean,
    hi: num(e.hi) ?? e.mean,
    observed: num(e.observed),
  };
}

export function register(app: ServerApp, ctx: ServerContext): void {
  const cache = new Map<string, Promise<IcpSegments>>();
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const dimensions = (q.dims ?? "industry,size_band,region").split(",").filter(Boolean);
    const key = JSON.stringify([dimensions, q.level, q.asOf, q.windowMonths]);
    let answer = cache.get(key);
    if (!answer) {
      answer = ctx.store.read(async (db) => {
        // Unknown dimensions (usage) and stores without dated data (invalid) are coded errors.
        const r = await computeIcp(db, {
          dimensions,
          windowMonths: q.windowMonths,
          ...(q.asOf ? { asOf: q.asOf } : {}),
        });
        const level = Math.min(q.level ?? dimensions.length, dimensions.length);
        return {
          asOf: r.asOf,
          dimensions,
          level,
          segments: r.table.segments
            .filter((s) => s.level === level)
            .map((s) => ({
              key: s.key,
              level: s.level,
              dims: { ...s.dims },
              accounts: s.accounts,
              customers: s.customers,
              won: s.won,
              lost: s.lost,
              arr: s.arr,
              openPipeline: s.openPipeline,
              winRate: interval(s.winRate),
              acv: interval(s.acv),
              cycleDays: interval(s.cycleDays),
              clv: interval(s.clv),
              value: interval(s.value),
              pAboveAverage: num(s.pAboveAverage),
              tier: s.tier,
              rank: s.rank,
            }))
            .sort((a, b) => a.rank - b.rank),
          notes: [...r.table.notes],
        };
      });
      cache.set(key, answer);
      answer.catch(() => cache.delete(key));
    }
    return c.json(await answer, 200);
  });
}
