/**
 * GET /v1/coverage: pipeline coverage per rep and team for this quarter and the next against the
 * 4x line (`paydirt coverage`: qualified and expected-value pipeline over the quota still to win;
 * reps under the multiple flagged with the gap and target accounts that could close it), and the
 * company forecast those figures come from (P10/P50/P90 per quarter). The same core code as the
 * command; kept per query while the server runs.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { PaydirtError } from "../../core/errors.js";
import { coverage } from "../../core/forecast/coverage.js";
import { isoDay } from "../../core/forecast/types.js";
import { forecastFromStore } from "../../io/forecast/run.js";
import { loadTargets } from "../../io/forecast/targets.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses, IssueOut } from "../errors.js";
import { memo } from "./memo.js";

const Row = z.object({
  by: z.enum(["rep", "team"]),
  key: z.string(),
  period: z.string(),
  quota: z.number().nullable(),
  won_to_date: z.number(),
  remaining: z.number().nullable(),
  qualified: z.number(),
  expected: z.number(),
  coverage: z.number().nullable(),
  flagged: z.boolean(),
  gap: z.number(),
  suggestions: z.array(
    z.object({
      account: z.string(),
      owner: z.string().nullable(),
      rank: z.number(),
      value: z.number(),
    }),
  ),
});

export const Coverage = z
  .object({
    missing: z.string().nullable(),
    asOf: z.string().nullable(),
    multiple: z.number(),
    qualifiedStage: z.string().nullable(),
    periods: z.array(z.string()),
    targetListAsOf: z.string().nullable(),
    /** The company forecast per period (won revenue). */
    forecast: z.array(
      z.object({
        period: z.string(),
        won_to_date: z.number(),
        mean: z.number(),
        p10: z.number(),
        p50: z.number(),
        p90: z.number(),
        quota: z.number().nullable(),
        open_deals: z.number(),
      }),
    ),
    rows: z.array(Row),
    issues: z.array(IssueOut),
  })
  .openapi("Coverage");
type Coverage = z.infer<typeof Coverage>;

const route = createRoute({
  method: "get",
  path: "/v1/coverage",
  tags: ["forecast"],
  summary: "Pipeline coverage per rep and team against the 4x line, and the company forecast",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      asOf: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional()
        .openapi({ description: "as of this date (default: the latest day in the data)" }),
      multiple: z.coerce.number().min(0.1).max(100).default(4),
    }),
  },
  responses: {
    200: { description: "coverage", content: { "application/json": { schema: Coverage } } },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  const cache = memo<Coverage>(16);
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const body = await cache(`${q.asOf ?? ""}:${q.multiple}`, () =>
      ctx.store.read(async (db, store): Promise<Coverage> => {
        const empty: Coverage = {
          missing: null,
          asOf: null,
          multiple: q.multiple,
          qualifiedStage: null,
          periods: [],
          targetListAsOf: null,
          forecast: [],
          rows: [],
          issues: [],
        };
        if (!(await store.hasTable("opportunities")))
          return { ...empty, missing: "no opportunities: import data first" };
        let f: Awaited<ReturnType<typeof forecastFromStore>>;
        try {
          f = await forecastFromStore(db, q.asOf, { draws: 1000 });
        } catch (err) {
          if (err instanceof PaydirtError && err.kind === "invalid")
            return { ...empty, missing: err.issues[0]?.message ?? err.message };
          throw err;
        }
        const list = (await store.hasTable("target_accounts"))
          ? await loadTargets(db, f.asOf)
          : undefined;
        const cov = coverage(f.result, f.input, list?.targets ?? [], {
          multiple: q.multiple,
          suggestions: 3,
        });
        return {
          missing: null,
          asOf: isoDay(f.asOf),
          multiple: cov.multiple,
          qualifiedStage: cov.qualifiedStage,
          periods: f.result.periods.map((p) => p.label),
          targetListAsOf: list?.asOf ?? null,
          forecast: f.result.rows
            .filter((r) => r.by === "company")
            .map((r) => ({
              period: r.period,
              won_to_date: r.won_to_date,
              mean: r.mean,
              p10: r.p10,
              p50: r.p50,
              p90: r.p90,
              quota: r.quota,
              open_deals: r.open_deals,
            })),
          rows: cov.rows.map((r) => ({ ...r, suggestions: r.suggestions.map((s) => ({ ...s })) })),
          issues: [...f.result.issues, ...cov.issues].map((i) => ({ ...i })),
        };
      }),
    );
    return c.json(body, 200);
  });
}
