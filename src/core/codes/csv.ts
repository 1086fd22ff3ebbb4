/** Issue codes of the CSV reader (src/io/csv): structural problems of a delimited text file. */
export const CSV_CODES = [
  "unterminated_quote",
  "stray_quote",
  "field_count",
  "empty_header",
  "duplicate_header",
  "invalid_utf8",
  "utf16",
] as const;

/** A code of a structural problem of a delimited text file. */
export type CsvCode = (typeof CSV_CODES)[number];
