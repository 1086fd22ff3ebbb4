/**
 * Compressed answers for the web app's API calls (gzip or deflate as the browser accepts, above
 * 1 KiB; hono's compress middleware). Registered before the web resources so that it wraps them;
 * an answer that is already compressed (the plan model, compressed once) passes through.
 */
import { compress } from "hono/compress";
import type { ServerApp } from "../app.js";

export function register(app: ServerApp): void {
  app.use("/v1/*", compress());
}
