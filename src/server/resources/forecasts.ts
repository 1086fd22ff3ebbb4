/**
 * GET /v1/forecasts and /v1/forecasts/{name}: the forecasts stored by `paydirt forecast --save`
 * (read-only): the company's P10/P50/P90 per quarter, every group's figures (rep, team, region),
 * the weekly fan of cumulative won revenue and the pipeline coverage table (reps under the multiple
 * flagged, with the gap and the accounts that could close it). Nothing is recomputed.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { forecastName, StoredForecastQuery } from "../../core/requests/forecast.js";
import { listForecasts, loadForecast } from "../../io/forecast/saved.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

const money = z.number();

const CompanyFigures = z.object({
  period: z.string(),
  won_to_date: money,
  open_expected: money,
  new_expected: money,
  mean: money,
  p10: money,
  p50: money,
  p90: money,
  quota: money.nullable(),
});

export const ForecastSummary = z
  .object({
    name: z.string(),
    as_of: z.string(),
    created_at: z.string(),
    periods: z.tuple([z.string(), z.string()]),
    draws: z.number().int(),
    seed: z.number().int(),
    open_deals: z.number().int(),
    company: z.array(CompanyFigures),
  })
  .openapi("ForecastSummary");

export const ForecastList = z
  .object({ forecasts: z.array(ForecastSummary) })
  .openapi("ForecastList");

const Group = CompanyFigures.extend({
  by: z.enum(["company", "region", "team", "rep"]),
  key: z.string(),
  open_deals: z.number().int(),
});

const Coverage = z.object({
  by: z.enum(["rep", "team"]),
  key: z.string(),
  period: z.string(),
  quota: money.nullable(),
  won_to_date: money,
  remaining: money.nullable(),
  qualified: money,
  expected: money,
  coverage: z.number().nullable(),
  flagged: z.boolean(),
  gap: money,
  suggestions: z.array(z.object({ account_id: z.string(), rank: z.number(), value: money })),
});

export const ForecastDetail = z
  .object({
    forecast: ForecastSummary.extend({
      multiple: z.number(),
      qualified_stage: z.string().nullable(),
    }),
    groups: z.array(Group),
    fan: z.array(z.object({ day: z.string(), p10: money, p50: money, p90: money })),
    coverage: z.array(Coverage),
    issues: z.array(
      z.object({
        code: z.string(),
        severity: z.enum(["error", "warning", "info"]),
        message: z.string(),
      }),
    ),
  })
  .openapi("ForecastDetail");

const list = createRoute({
  method: "get",
  path: "/v1/forecasts",
  tags: ["forecasts"],
  summary: "Stored forecasts, newest first, with the company's P10/P50/P90 per quarter",
  security: [{ bearer: [] }],
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
  },
  responses: {
    200: { description: "forecasts", content: { "application/json": { schema: ForecastList } } },
    ...errorResponses,
  },
});

const detail = createRoute({
  method: "get",
  path: "/v1/forecasts/{name}",
  tags: ["forecasts"],
  summary: "One stored forecast: groups, weekly fan and the pipeline coverage table",
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      name: z
        .string()
        .pipe(forecastName)
        .openapi({ param: { name: "name", in: "path" }, example: "forecast-2026-03-31" }),
    }),
    query: StoredForecastQuery,
  },
  responses: {
    200: { description: "forecast", content: { "application/json": { schema: ForecastDetail } } },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  app.openapi(list, async (c) => {
    const { limit } = c.req.valid("query");
    const forecasts = await ctx.store.read((db) => listForecasts(db, limit));
    return c.json(ForecastList.parse({ forecasts }), 200);
  });
  app.openapi(detail, async (c) => {
    const { name } = c.req.valid("param");
    const { by } = c.req.valid("query");
    const body = await ctx.store.read((db) => loadForecast(db, name, by));
    return c.json(ForecastDetail.parse(body), 200);
  });
}
