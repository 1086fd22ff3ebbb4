/** Issue codes of the forecast (src/core/forecast): data it left out or valued by assumption. */
export const FORECAST_CODES = [
  "forecast_no_data",
  "forecast_amount_missing",
  "forecast_close_before_created",
  "forecast_no_quota",
  "forecast_not_found",
] as const;
