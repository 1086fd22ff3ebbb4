/** Issue codes of imports (src/io/import): header mapping, cell values, cross-file checks. */
export const IMPORT_CODES = [
  "header",
  "cell",
  "empty",
  "status_conflict",
  "duplicate_key",
  "reference",
  "near_match",
  "lookalike",
  "date_order",
  "already_imported",
  "known_from",
  "no_account",
  "undated",
  "closed_undated",
  "lost_zero",
  "geography",
] as const;
