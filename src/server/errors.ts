/**
 * The server's one error type and one error handler: every failure answers a coded JSON error
 * `{ error: kind, code, issues: [{ code, message, path }] }` with the status of its kind.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ErrorKind, isPaydirtError, PaydirtError } from "../core/errors.js";
import { type Issue, type IssueCode, issue } from "../core/issues.js";
import { ErrorResponse } from "../core/routing/requests.js";
import { isUnavailable } from "../io/ops/sql.js";

/** An issue as a resource answers it (the stored or computed one: code, message, and its other fields). */
export const IssueOut = z.object({ code: z.string(), message: z.string() }).passthrough();

/** HTTP status of each error kind (the only place they are mapped). */
export const KIND_STATUS: Readonly<Record<ErrorKind, ContentfulStatusCode>> = {
  usage: 400,
  invalid: 422,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** OpenAPI responses of the coded errors, for a route's `responses`. */
export const errorResponses = {
  400: {
    description: "Bad request: malformed JSON, wrong or missing fields, missing or wrong token",
    content: { "application/json": { schema: ErrorResponse } },
  },
  404: { description: "Not found", content: { "application/json": { schema: ErrorResponse } } },
  422: { description: "Invalid data", content: { "application/json": { schema: ErrorResponse } } },
  503: {
    description: "A store is unavailable; nothing was changed",
    content: { "application/json": { schema: ErrorResponse } },
  },
} as const;

/** An API error: a kind and a code, with the path to the offending field when there is one. */
export function apiError(
  kind: ErrorKind,
  code: IssueCode,
  message: string,
  path?: readonly (string | number)[],
): PaydirtError {
  return PaydirtError.of(kind, code, message, path ? { path: { json: path } } : {});
}

/** A request that zod rejected: one issue per problem, with the path into the body (or params). */
export function fromZod(error: z.ZodError, where: "body" | "param" | "query"): PaydirtError {
  const issues: Issue[] = error.issues.map((i) =>
    issue("request_invalid", i.message, {
      path: { json: [where, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))] },
    }),
  );
  return new PaydirtError("usage", issues);
}

/** The body of an error answer. */
function body(e: PaydirtError) {
  return {
    error: e.kind,
    code: e.code ?? "server_internal",
    issues: e.issues.map((i) => ({
      code: i.code,
      message: i.message,
      ...(i.path?.json ? { path: i.path.json } : {}),
    })),
  };
}

/** The one error handler (`app.onError`). */
export function onError(err: Error, c: Context): Response {
  let e: PaydirtError;
  if (isPaydirtError(err)) e = err;
  else if (err instanceof HTTPException && err.status === 400)
    e = apiError("usage", "request_invalid_json", "the body is not valid JSON", ["body"]);
  else if (err instanceof HTTPException && err.status === 413)
    e = apiError("usage", "request_too_large", "the body is too large", ["body"]);
  else if (isUnavailable(err))
    e = PaydirtError.of(
      "unavailable",
      "ops_store_unavailable",
      "the operational store cannot be reached; try again",
      { cause: err },
    );
  else {
    console.error(err);
    e = apiError("internal", "server_internal", "internal error");
  }
  const status =
    e.code === "request_too_large"
      ? 413
      : e.code === "request_unauthorized"
        ? 401
        : KIND_STATUS[e.kind];
  if (status === 503) c.header("Retry-After", "1");
  if (status === 401) c.header("WWW-Authenticate", 'Bearer realm="paydirt"');
  return c.json(body(e), status);
}
