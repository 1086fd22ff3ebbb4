const NEEDS_QUOTES = /[",\r\n]/;

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell a spreadsheet will not run: text beginning with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading `'` (OWASP's guidance), unless it is a plain number such as
 * `-12.5`, which stays a number.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A CSV field for an export people open in a spreadsheet: formulas neutralised, then quoted
 * like `csvField`. Numbers stay numbers.
 */
export function exportField(value: string | number | boolean | null | undefined): string {
  return csvField(typeof value === "string" ? neutralise(value) : value);
}

/** Quote a CSV field (RFC 4180) only when it needs it (data files read back by programs). */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const s = value;
  if (s === "") return "";
  // Leading or trailing spaces are quoted so readers that trim keep them.
  const edge = s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32;
  if (edge || NEEDS_QUOTES.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * One CSV line (with its trailing newline) of an export: cells that a spreadsheet would run as
 * formulas are neutralised (see `neutralise`). Every CSV export goes through this or through
 * `CsvByteWriter` with `neutraliseFormulas`.
 */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += exportField(values[i]);
  }
  return `${out}\n`;
}

/** One CSV line of a data file read back by programs (imports, synthetic markets): no change. */
export function rawCsvLine(
  values: readonly (string | number | boolean | null | undefined)[],
): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += csvField(values[i]);
  }
  return `${out}\n`;
}
