/** Issue codes of the analytics store (src/io/store) and the records kept in it. */
export const STORE_CODES = [
  "store_missing",
  "store_busy",
  "store_version",
  "scenario_not_found",
  "scenario_exists",
] as const;
