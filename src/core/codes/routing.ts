/** Issue codes of lead matching and routing (src/core/routing, src/io/routing, src/io/ops, src/server, `paydirt match|route|serve`). */
export const ROUTING_CODES = [
  "match_no_id_column",
  "match_no_name_column",
  "match_duplicate_id",
  "match_missing_id",
  "match_bad_number",
  "match_bad_csv",
  "routing_config_invalid",
  "routing_unknown_rep",
  "routing_unknown_pool",
  "ops_store_unavailable",
] as const;
