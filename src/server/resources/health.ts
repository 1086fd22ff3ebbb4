/** /v1/health: open to all; 503 while the operational store cannot be reached. */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServerApp, ServerContext } from "../app.js";

const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  store: z.string(),
  config_version: z.number(),
});

/** Registers these routes when the server routes leads. */
export function register(app: ServerApp, ctx: ServerContext): void {
  const service = ctx.routing;
  if (!service) return;
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/health",
      summary: "Liveness and the operational store's reachability (no token needed)",
      responses: {
        200: { description: "Up", content: { "application/json": { schema: Health } } },
        503: {
          description: "The store is down",
          content: { "application/json": { schema: Health } },
        },
      },
    }),
    async (c) => {
      const engine = service.store.db.engine;
      try {
        await service.store.ping();
        return c.json(
          { status: "ok" as const, store: engine, config_version: service.plan.config.version },
          200,
        );
      } catch {
        return c.json(
          {
            status: "unavailable" as const,
            store: engine,
            config_version: service.plan.config.version,
          },
          503,
        );
      }
    },
  );
}
