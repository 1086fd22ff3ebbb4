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
  "duplicate_fact",
  "known_from",
  "no_account",
  "undated",
  "closed_undated",
  "lost_zero",
  "geography",
  "signal_kind",
  "out_of_range",
  "control_character",
  "id_characters",
  "id_lookalike",
  "coordinate_range",
  "coordinate_swap",
  "negative_value",
  "close_before_created",
  "period_order",
] as const;

/** A code of an import finding. */
export type ImportCode = (typeof IMPORT_CODES)[number];
