/** Issue codes of the CSV reader (src/io/csv): structural problems of a delimited text file. */
export const CSV_CODES = [
  "unterminated_quote",
  "stray_quote",
  "field_count",
  "empty_header",
  "duplicate_header",
  "invalid_encoding",
  "unknown_encoding",
  "record_too_long",
  "invalid_xlsx",
] as const;

/** A code of a structural problem of a delimited text file. */
export type CsvCode = (typeof CSV_CODES)[number];
