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

/** An error whose message is meant for the user as is (no stack trace). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
