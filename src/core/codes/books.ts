/** Issue codes of dynamic books (src/core/books, src/io/books, `paydirt books`). */
export const BOOKS_CODES = [
  "books_unknown_rep",
  "books_capacity_below_core",
  "books_date_before_data",
  "books_refresh_order",
  "books_not_refreshed",
  "books_no_reps",
  "books_window_invalid",
  "books_intent_missing",
  "books_no_capacity",
] as const;
