/**
 * The one place mapping error kinds to process exit codes. Every usage error (unknown or malformed
 * option, bad argument, negative value where none is allowed) exits 2; everything else the user can
 * act on exits 1; 0 is success.
 */
import type { ErrorKind } from "../core/errors.js";

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
