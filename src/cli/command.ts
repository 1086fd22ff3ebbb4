import { PaydirtError } from "../core/errors.js";
import { type IssueCode, type IssueExtras, issue } from "../core/issues.js";

/** A `paydirt` subcommand: one file each under src/cli/commands/. */
export interface Command {
  readonly name: string;
  /** One line for `paydirt help`. */
  readonly summary: string;
  /** Full usage text, printed by `paydirt <name> --help`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/**
 * A command-line usage error (kind "usage", exit code 2): the message is meant for the user as is
 * and is printed with the command's usage text.
 */
export class UsageError extends PaydirtError {
  constructor(message: string, code: IssueCode = "invalid_option", extras: IssueExtras = {}) {
    super("usage", [issue(code, message, extras)]);
  }
}
