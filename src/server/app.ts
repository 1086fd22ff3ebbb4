/**
 * The HTTP API of `paydirt serve` (Hono): one file per resource, one error type and handler,
 * zod request schemas that also produce /openapi.json, a bearer token on every route but health
 * and the document, and a body size limit.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { RoutingService } from "../io/routing/service.js";
import type { Db } from "../io/store/db.js";
import type { Store } from "../io/store/store.js";
import { bearer } from "./auth.js";
import { apiError, fromZod, onError } from "./errors.js";
import * as health from "./resources/health.js";
import * as leads from "./resources/leads.js";
import * as reps from "./resources/reps.js";

/** The app every resource registers its routes on. */
export type ServerApp = OpenAPIHono;

/** The analytics store as resources use it (src/server/store-handle.ts implements it). */
export interface AnalyticsStore {
  read<T>(fn: (db: Db, store: Store) => Promise<T>): Promise<T>;
  write<T>(fn: (db: Db, store: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What resources may use: the analytics store (read-mostly) and the lead routing service. */
export interface ServerContext {
  readonly store: AnalyticsStore;
  /** The routing service, when this server routes leads. */
  readonly routing: RoutingService | null;
}

/** A resource file: registers its routes (src/server/resources/*.ts). */
export type Resource = { register(app: ServerApp, ctx: ServerContext): void };

export interface AppOptions {
  readonly token: string;
  /** More resources to serve (the web app's), after the routing ones. */
  readonly resources?: readonly Resource[];
  /** Largest request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

const OPEN = ["/v1/health", "/openapi.json"];

/** Build the app (test it in-process with `app.request`). */
export function createApp(ctx: ServerContext, options: AppOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success)
        throw fromZod(
          result.error,
          result.target === "json" ? "body" : result.target === "param" ? "param" : "query",
        );
    },
  });
  app.onError(onError);
  app.notFound((c) =>
    onError(apiError("not_found", "route_not_found", `no route ${c.req.method} ${c.req.path}`), c),
  );
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const tooLarge = () => {
    throw apiError("usage", "request_too_large", `the body is larger than ${maxBody} bytes`, [
      "body",
    ]);
  };
  const streamedLimit = bodyLimit({ maxSize: maxBody, onError: tooLarge });
  // A body with a Content-Length (and no Transfer-Encoding) is judged by its header alone:
  // Hono's bodyLimit reads `c.req.raw.body` first, which makes @hono/node-server build a full
  // web Request, stream and AbortSignal per request (a third of a lead's CPU when profiled).
  // Node's parser never reads more than Content-Length bytes; chunked bodies are still counted.
  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number(length) > maxBody ? tooLarge() : next();
    return streamedLimit(c, next);
  });
  // Only the API needs the token: the web app's page and assets load without it.
  app.use("/v1/*", bearer(options.token, OPEN));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });
  for (const r of [health, leads, reps, ...(options.resources ?? [])]) r.register(app, ctx);
  app.doc("/openapi.json", {
    openapi: "3.0.0",
    info: { title: "Paydirt lead routing", version: "1" },
  });
  return app;
}
