/** Issue codes of ICP and account analytics (src/io/analytics): requests the store cannot answer. */
export const ANALYTICS_CODES = [
  "unknown_dimension",
  "no_dated_data",
  "no_accounts_stored",
] as const;
