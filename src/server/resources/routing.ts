/**
 * The routing decisions, read-only, for the web app: GET /v1/routing (how many leads were routed,
 * by rule and by owner, and each round-robin pool's fairness: the turns each member took against
 * its weighted share) and GET /v1/routing/decisions (the decisions newest first, page by page,
 * filtered by owner or rule; a decision's full trail is GET /v1/leads/{id}). Reads the
 * operational store of the routing service through its SQL surface.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { DecisionResponse, storableString } from "../../core/routing/requests.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

export const RoutingSummary = z
  .object({
    /** False when this server does not route leads (nothing below is filled). */
    enabled: z.boolean(),
    configVersion: z.number().nullable(),
    leads: z.number(),
    decisions: z.number(),
    /** Leads left in a queue (no owner). */
    queued: z.number(),
    byRule: z.array(z.object({ rule: z.string(), decisions: z.number() })),
    byOwner: z.array(z.object({ owner_id: z.string(), decisions: z.number() })),
    pools: z.array(
      z.object({
        id: z.string(),
        turns: z.number(),
        /** Largest |share of turns - weighted share| over the members. */
        maxDeviation: z.number().nullable(),
        members: z.array(
          z.object({
            rep_id: z.string(),
            weight: z.number(),
            turns: z.number(),
            share: z.number().nullable(),
            expectedShare: z.number(),
          }),
        ),
      }),
    ),
  })
  .openapi("RoutingSummary");
type RoutingSummary = z.infer<typeof RoutingSummary>;

/** A stored decision as the API answers a post, less whether this post created it. */
const DecisionRow = DecisionResponse.omit({ created: true });

export const DecisionsPage = z
  .object({ total: z.number(), rows: z.array(DecisionRow) })
  .openapi("RoutingDecisionsPage");

const summaryRoute = createRoute({
  method: "get",
  path: "/v1/routing",
  tags: ["routing"],
  summary: "Routed leads by rule and owner, and round-robin pool fairness",
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: "the summary",
      content: { "application/json": { schema: RoutingSummary } },
    },
    ...errorResponses,
  },
});

const decisionsRoute = createRoute({
  method: "get",
  path: "/v1/routing/decisions",
  tags: ["routing"],
  summary: "Routing decisions, newest first, page by page (a decision's trail: GET /v1/leads/{id})",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      owner: storableString().min(1).max(200).optional(),
      rule: storableString().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(50),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: {
    200: {
      description: "a page of decisions",
      content: { "application/json": { schema: DecisionsPage } },
    },
    ...errorResponses,
  },
});

const reasonsOf = (v: unknown): string[] => {
  const x = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(x) ? x.map(String) : [];
};

export function register(app: ServerApp, ctx: ServerContext): void {
  const service = ctx.routing;
  app.openapi(summaryRoute, async (c) => {
    if (!service) {
      const off: RoutingSummary = {
        enabled: false,
        configVersion: null,
        leads: 0,
        decisions: 0,
        queued: 0,
        byRule: [],
        byOwner: [],
        pools: [],
      };
      return c.json(off, 200);
    }
    const db = service.store.db;
    const counts = await service.store.counts();
    const queued = await db.query<{ n: unknown }>(
      "SELECT count(*) AS n FROM decisions WHERE owner_id IS NULL",
    );
    const byRule = await db.query<{ rule: string; n: unknown }>(
      "SELECT rule, count(*) AS n FROM decisions GROUP BY rule ORDER BY n DESC, rule",
    );
    const byOwner = await db.query<{ owner_id: string; n: unknown }>(
      "SELECT owner_id, count(*) AS n FROM decisions WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY n DESC, owner_id",
    );
    const config = service.plan.config;
    const pools = await Promise.all(
      config.pools.map(async (p) => {
        const turns = await service.store.poolTurns(p.id);
        const weightSum = p.members.reduce((s, m) => s + m.weight, 0);
        const total = p.members.reduce((s, m) => s + (turns.get(m.rep) ?? 0), 0);
        const members = p.members.map((m) => ({
          rep_id: m.rep,
          weight: m.weight,
          turns: turns.get(m.rep) ?? 0,
          share: total > 0 ? (turns.get(m.rep) ?? 0) / total : null,
          expectedShare: weightSum > 0 ? m.weight / weightSum : 0,
        }));
        const dev = members.map((m) =>
          m.share === null ? 0 : Math.abs(m.share - m.expectedShare),
        );
        return {
          id: p.id,
          turns: total,
          maxDeviation: total > 0 ? Math.max(0, ...dev) : null,
          members,
        };
      }),
    );
    const body: RoutingSummary = {
      enabled: true,
      configVersion: config.version,
      leads: counts.leads,
      decisions: counts.decisions,
      queued: Number(queued[0]?.n ?? 0),
      byRule: byRule.map((r) => ({ rule: r.rule, decisions: Number(r.n) })),
      byOwner: byOwner.map((r) => ({ owner_id: r.owner_id, decisions: Number(r.n) })),
      pools,
    };
    return c.json(body, 200);
  });

  app.openapi(decisionsRoute, async (c) => {
    const q = c.req.valid("query");
    if (!service) return c.json({ total: 0, rows: [] }, 200);
    const db = service.store.db;
    // $1/$2 are null when the filter is not given (same SQL, parameters only).
    const where = "($1::text IS NULL OR owner_id = $1) AND ($2::text IS NULL OR rule = $2)";
    const params = [q.owner ?? null, q.rule ?? null];
    const total = await db.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM decisions WHERE ${where}`,
      params,
    );
    const rows = await db.query<{
      lead_id: string;
      decided_at: unknown;
      account_id: string | null;
      match_confidence: unknown;
      owner_id: string | null;
      queue: string | null;
      rule: string;
      reasons: unknown;
    }>(
      `SELECT lead_id, decided_at, account_id, match_confidence, owner_id, queue, rule, reasons
       FROM decisions WHERE ${where} ORDER BY decided_at DESC, lead_id LIMIT $3 OFFSET $4`,
      [...params, q.limit, q.offset],
    );
    return c.json(
      {
        total: Number(total[0]?.n ?? 0),
        rows: rows.map((r) => ({
          lead_id: r.lead_id,
          decided_at: new Date(r.decided_at as string).toISOString(),
          account_id: r.account_id,
          match_confidence: Number(r.match_confidence),
          owner_id: r.owner_id,
          queue: r.queue,
          rule: r.rule,
          reasons: reasonsOf(r.reasons),
        })),
      },
      200,
    );
  });
}
