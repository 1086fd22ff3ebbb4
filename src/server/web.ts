/**
 * The web app's side of the server: its read resources (overview, ICP segments, target accounts,
 * plans) and the built app itself (dist/web) served with a strict Content-Security-Policy.
 * `paydirt serve` passes WEB_RESOURCES to createApp and calls mountWebApp after it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import type { MiddlewareHandler } from "hono";
import { compress } from "hono/compress";
import type { Resource, ServerApp } from "./app.js";
import * as books from "./resources/books.js";
import * as compression from "./resources/compression.js";
import * as coverage from "./resources/coverage.js";
import * as forecasts from "./resources/forecasts.js";
import * as icp from "./resources/icp.js";
import * as icpExecution from "./resources/icp-execution.js";
import * as org from "./resources/org.js";
import * as overview from "./resources/overview.js";
import * as plans from "./resources/plans.js";
import * as routing from "./resources/routing.js";
import * as targetAccounts from "./resources/target-accounts.js";

/** The web app's resources, one line each (compression first: it wraps the ones after it). */
export const WEB_RESOURCES: readonly Resource[] = [
  compression,
  overview,
  icp,
  targetAccounts,
  plans,
  books,
  forecasts,
  org,
  coverage,
  routing,
  icpExecution,
];

/** The package root (folder of package.json), from this file in src/server or dist/server. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Where `npm run build` puts the web app. */
export function defaultWebRoot(): string {
  return join(packageRoot(), "dist", "web");
}

/** Strict CSP: only this origin's scripts, styles, images and API; nothing inline, no frames. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Frame-Options", "DENY");
  c.header("Cross-Origin-Opener-Policy", "same-origin");
};

/**
 * Serve the built app: /assets/* as files, every other GET outside /v1 the app's page (client
 * routes). Without a build, / says how to make one. Call after createApp (these routes go last).
 */
export function mountWebApp(app: ServerApp, webRoot = defaultWebRoot()): void {
  const page = join(webRoot, "index.html");
  if (!existsSync(page)) {
    app.get("/", (c) =>
      c.text(
        "The web app is not built: run `npm run build`, then restart `paydirt serve`. The API is at /v1 (see /openapi.json).",
        503,
      ),
    );
    return;
  }
  const index = readFileSync(page, "utf8");
  app.use("/assets/*", securityHeaders);
  // File names carry a hash of their content (Vite): kept by the browser for a year, compressed.
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.header("Cache-Control", "public, max-age=31536000, immutable");
  });
  app.use("/assets/*", compress());
  app.use("/assets/*", serveStatic({ root: webRoot }));
  app.get("/favicon.svg", securityHeaders, serveStatic({ root: webRoot }));
  app.get("*", securityHeaders, async (c, next) => {
    if (c.req.path.startsWith("/v1/") || c.req.path === "/openapi.json") return next();
    c.header("Cache-Control", "no-store");
    return c.html(index);
  });
}
