/** Issue codes of command-line usage (src/cli): options and arguments that cannot be used. */
export const CLI_CODES = [
  "unknown_command",
  "unknown_option",
  "missing_argument",
  "unexpected_argument",
  "invalid_option",
  "failed",
] as const;
