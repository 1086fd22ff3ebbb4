/**
 * One error taxonomy and one result shape.
 *
 * Usage:
 * - Expected failures that a caller may handle are values: return `Result<T>` (`ok(value)` or
 *   `fail(issues)`), e.g. validating a config or a request.
 * - Failures that end an operation are thrown as `PaydirtError` with a `kind` and its issues:
 *   `throw PaydirtError.of("not_found", "scenario_not_found", "no scenario 'x'", { ids: { scenario: "x" } })`.
 *   Wrap a lower-level error with `{ cause }` instead of flattening its message.
 * - The CLI maps `kind` to an exit code in one place (src/cli/exit.ts: usage -> 2); the HTTP
 *   server maps it to a status in its one error handler (usage/invalid -> 400/422, not_found ->
 *   404, conflict -> 409, unavailable -> 503, internal -> 500).
 */
import { formatIssue, type Issue, type IssueCode, type IssueExtras, issue } from "./issues.js";

/**
 * What went wrong, from the caller's side: `usage` (bad flags/arguments/request shape), `not_found`
 * (a named thing does not exist), `conflict` (it exists already / state forbids it), `invalid`
 * (input data or config is wrong), `unavailable` (store busy or missing, cancelled, time out),
 * `internal` (a bug).
 */
export type ErrorKind = "usage" | "not_found" | "conflict" | "invalid" | "unavailable" | "internal";

/** Every kind (for exhaustive mappings and tests). */
export const ERROR_KINDS: readonly ErrorKind[] = [
  "usage",
  "not_found",
  "conflict",
  "invalid",
  "unavailable",
  "internal",
];

/** An error meant for the user: a kind, the coded issues behind it, and the error it wraps. */
export class PaydirtError extends Error {
  override readonly name = "PaydirtError";
  readonly kind: ErrorKind;
  readonly issues: readonly Issue[];

  constructor(
    kind: ErrorKind,
    issues: readonly Issue[],
    options: { cause?: unknown; message?: string } = {},
  ) {
    super(
      options.message ?? (issues.map(formatIssue).join("\n") || kind),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.kind = kind;
    this.issues = issues;
  }

  /** An error with one issue. */
  static of(
    kind: ErrorKind,
    code: IssueCode,
    message: string,
    extras: IssueExtras & { cause?: unknown } = {},
  ): PaydirtError {
    const { cause, ...rest } = extras;
    return new PaydirtError(kind, [issue(code, message, rest)], { cause });
  }

  /** The first issue's code (every PaydirtError has at least one issue unless built bare). */
  get code(): IssueCode | undefined {
    return this.issues[0]?.code;
  }
}

/** Whether `e` is a PaydirtError (across module copies, by name and shape). */
export function isPaydirtError(e: unknown): e is PaydirtError {
  return (
    e instanceof PaydirtError ||
    (e instanceof Error && e.name === "PaydirtError" && Array.isArray((e as PaydirtError).issues))
  );
}

/** A value, or the issues that prevented it. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result. */
export function fail<T = never>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/** The value of a result, or a PaydirtError of `kind` carrying its issues. */
export function unwrap<T>(result: Result<T>, kind: ErrorKind = "invalid"): T {
  if (result.ok) return result.value;
  throw new PaydirtError(kind, result.issues);
}
