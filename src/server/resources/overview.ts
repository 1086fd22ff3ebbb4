/** GET /v1/overview: the market at a glance (what is loaded, pipeline, win rate, the list, plans). */
import { createRoute, z } from "@hono/zod-openapi";
import { summarise } from "../../io/store/summary.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

const Rollup = z.object({
  group: z.string(),
  accounts: z.number(),
  customers: z.number(),
  arr: z.number(),
  won_12m: z.number(),
  pipeline: z.number(),
  win_rate: z.number().nullable(),
});

export const Overview = z
  .object({
    store: z.string(),
    referenceDate: z.string().nullable(),
    lastImport: z.string().nullable(),
    counts: z.array(z.object({ entity: z.string(), rows: z.number() })),
    accounts: z.number(),
    customers: z.number(),
    arr: z.number(),
    opportunities: z.object({
      open: z.number(),
      won: z.number(),
      lost: z.number(),
      pipeline: z.number(),
      wonAmount: z.number(),
      winRate: z.number().nullable(),
    }),
    byRegion: z.array(Rollup),
    bySize: z.array(Rollup),
    byIndustry: z.array(Rollup),
    targetList: z
      .object({
        asOf: z.string(),
        accounts: z.number(),
        inMarket: z.number(),
        tiers: z.array(z.object({ tier: z.string(), accounts: z.number(), value: z.number() })),
      })
      .nullable(),
    plans: z.array(z.object({ name: z.string(), created_at: z.string(), status: z.string() })),
    /** Capabilities that have no stored data yet, with the command that fills them. */
    missing: z.array(z.object({ what: z.string(), run: z.string() })),
  })
  .openapi("Overview");
export type Overview = z.infer<typeof Overview>;

const route = createRoute({
  method: "get",
  path: "/v1/overview",
  tags: ["overview"],
  summary: "The market at a glance",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "overview", content: { "application/json": { schema: Overview } } },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  app.openapi(route, async (c) => {
    const body = await ctx.store.read(async (db, store): Promise<Overview> => {
      const s = await summarise(db);
      const sum = (k: "accounts" | "customers" | "arr") =>
        s.bySize.reduce((t, r) => t + Number(r[k] ?? 0), 0);
      const o = s.opportunities;
      const missing: { what: string; run: string }[] = [];
      let targetList: Overview["targetList"] = null;
      if (await store.hasTable("target_accounts")) {
        const t = await db.one<{ as_of: string | null; n: number; m: number }>(
          `SELECT CAST(as_of AS VARCHAR) AS as_of, count(*) AS n, count(*) FILTER (WHERE in_market) AS m
           FROM target_accounts WHERE as_of = (SELECT max(as_of) FROM target_accounts) GROUP BY as_of`,
        );
        if (t?.as_of) {
          const tiers = await db.all<{ tier: string; accounts: number; value: number }>(
            `SELECT coalesce(tier, '-') AS tier, count(*) AS accounts, coalesce(sum("value"), 0) AS "value"
             FROM target_accounts WHERE as_of = CAST($as_of AS DATE) GROUP BY ALL ORDER BY tier`,
            { as_of: t.as_of },
          );
          targetList = { asOf: t.as_of, accounts: t.n, inMarket: t.m, tiers };
        }
      }
      if (!targetList) missing.push({ what: "target account list", run: "paydirt tal --save" });
      const plans = (await store.hasTable("plan_scenarios"))
        ? await db.all<{ name: string; created_at: string; status: string }>(
            "SELECT name, CAST(created_at AS VARCHAR) AS created_at, status FROM plan_scenarios ORDER BY created_at DESC",
          )
        : [];
      if (!plans.length)
        missing.push({
          what: "territory plan",
          run: "paydirt plan create NAME --config plan.json",
        });
      if (s.counts.every((c) => c.rows === 0))
        missing.push({ what: "data", run: "paydirt import all ./folder (or npm run demo)" });
      return {
        store: store.path,
        referenceDate: s.referenceDate,
        lastImport: s.lastImport,
        counts: [...s.counts],
        accounts: sum("accounts"),
        customers: sum("customers"),
        arr: sum("arr"),
        opportunities: {
          ...o,
          winRate: o.won + o.lost > 0 ? o.won / (o.won + o.lost) : null,
        },
        byRegion: [...s.byRegion],
        bySize: [...s.bySize],
        byIndustry: [...s.byIndustry],
        targetList,
        plans,
        missing,
      };
    });
    return c.json(body, 200);
  });
}
