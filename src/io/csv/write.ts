const NEEDS_QUOTES = /[",\r\n]/;

/** Quote a CSV field (RFC 4180) only when it needs it. */
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

/** One CSV line (with its trailing newline) from a list of values. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += csvField(values[i]);
  }
  return `${out}\n`;
}
