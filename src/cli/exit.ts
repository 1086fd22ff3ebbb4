/**
 * The one place mapping error kinds to process exit codes. Every usage error (unknown or malformed
 * option, bad argument, negative value where none is allowed) exits 2; everything else the user can
 * act on exits 1; 0 is success.
 */
import { type ErrorKind, isPaydirtError, PaydirtError } from "../core/errors.js";

const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  usage: 2,
  not_found: 1,
  conflict: 1,
  invalid: 1,
  unavailable: 1,
  internal: 1,
};

/** The exit code for a failure of `kind`. */
export function exitCode(kind: ErrorKind): number {
  return EXIT_CODES[kind];
}

/**
 * Any error a command throws, as a coded PaydirtError: PaydirtErrors as they are; node's option
 * parser errors (commands not yet on `parseRequest`) as usage errors; anything else as a failure
 * (code "failed", kind "internal", exit 1) carrying the original as its cause.
 */
export function asPaydirtError(err: unknown): PaydirtError {
  if (isPaydirtError(err)) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as Error & { code?: string }).code ?? "";
  if (code.startsWith("ERR_PARSE_ARGS_")) {
    const option = /'--?([\w-]+)/.exec(e.message)?.[1];
    return PaydirtError.of(
      "usage",
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? "unknown_option" : "invalid_option",
      e.message,
      { ...(option ? { ids: { option } } : {}), cause: e },
    );
  }
  return PaydirtError.of("internal", "failed", e.message, { cause: e });
}
