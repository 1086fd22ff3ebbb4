import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { apiError } from "./errors.js";

/** Bearer token on every route but the open ones (compared in constant time). */
export function bearer(token: string, open: readonly string[]): MiddlewareHandler {
  const want = Buffer.from(token);
  return async (c, next) => {
    if (open.includes(c.req.path)) return next();
    const got = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim() ?? "";
    const have = Buffer.from(got);
    if (!got || have.length !== want.length || !timingSafeEqual(have, want))
      throw apiError(
        "usage",
        "request_unauthorized",
        got ? "wrong bearer token" : "missing bearer token (Authorization: Bearer TOKEN)",
        ["header", "authorization"],
      );
    return next();
  };
}
