import { type DateParse, type DayMonthOrder, parseDateValue } from "./dates.js";
import type { FieldSpec } from "./fields.js";

/** A parsed cell: its value (null when blank) or the reason it could not be read. */
export type CellParse<T> = { ok: true; value: T | null } | { ok: false; reason: string };

/** How numbers are written: decimal point (default) or decimal comma. */
export type DecimalMark = "." | ",";

const NULL_TOKENS = new Set(["", "null", "nil", "none", "n/a", "na", "#n/a", "-", "--", "nan"]);

/** First characters of the null tokens in either case: most cells are ruled out without lower-casing. */
const NULL_FIRST = new Set(
  [...NULL_TOKENS].flatMap((t) => (t ? [t.charAt(0), t.charAt(0).toUpperCase()] : [])),
);

/** Whether a trimmed cell stands for "no value". */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  return text.length <= 4 && NULL_FIRST.has(text.charAt(0)) && NULL_TOKENS.has(text.toLowerCase());
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_POINT = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const GROUPED_SPACE = /^[+-]?\d{1,3}([  ]\d{3})+([.,]\d+)?$/;
const CURRENCY = /^[$€£¥]|[$€£¥]$|^(USD|EUR|GBP)\s*|\s*(USD|EUR|GBP)$/g;

/** Parse a number as CRM exports write it: `1,234.5`, `$1,234`, `(12)`, `1.5e6`, `12%` (kept as 12). */
export function parseNumber(raw: string, decimal: DecimalMark = "."): CellParse<number> {
  let t = raw.trim();
  // Fast path: a plain decimal number (the bulk of large files).
  if (decimal === "." && t.length > 0 && t.length < 24 && PLAIN_NUMBER.test(t)) {
    const v = Number(t);
    if (Number.isFinite(v)) return { ok: true, value: v };
  }
  if (isBlank(t)) return { ok: true, value: null };
  let negative = false;
  if (t.startsWith("(") && t.endsWith(")")) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  t = t.replace(CURRENCY, "").trim();
  if (t.endsWith("%")) t = t.slice(0, -1).trim();
  let normal: string | undefined;
  if (PLAIN_NUMBER.test(t)) {
    if (decimal === "," && t.includes(".")) {
      return {
        ok: false,
        reason: `"${raw.trim()}" uses a decimal point but the decimal mark is ","`,
      };
    }
    normal = t;
  } else if (decimal === "." && GROUPED_POINT.test(t)) normal = t.replace(/,/g, "");
  else if (decimal === "," && GROUPED_COMMA.test(t))
    normal = t.replace(/\./g, "").replace(",", ".");
  else if (GROUPED_SPACE.test(t)) normal = t.replace(/[  ]/g, "").replace(",", ".");
  else if (/^[+-]?\d+,\d+$/.test(t)) {
    if (decimal === ",") normal = t.replace(",", ".");
    else {
      return {
        ok: false,
        reason: `"${raw.trim()}" could be a decimal comma or a thousands separator; set "decimal" in a mapping file`,
      };
    }
  }
  if (normal === undefined) return { ok: false, reason: `"${raw.trim()}" is not a number` };
  const v = Number(normal);
  if (!Number.isFinite(v)) return { ok: false, reason: `"${raw.trim()}" is not a finite number` };
  return { ok: true, value: negative ? -v : v };
}

/** Parse a whole number; `12.0` is accepted, `12.5` is not. */
export function parseInteger(raw: string, decimal: DecimalMark = "."): CellParse<number> {
  const r = parseNumber(raw, decimal);
  if (!r.ok || r.value === null) return r;
  if (!Number.isInteger(r.value))
    return { ok: false, reason: `"${raw.trim()}" is not a whole number` };
  if (!Number.isSafeInteger(r.value)) return { ok: false, reason: `"${raw.trim()}" is too large` };
  return r;
}

const TRUE = new Set(["true", "t", "yes", "y", "1"]);
const FALSE = new Set(["false", "f", "no", "n", "0"]);

/** Parse a boolean: true/false, yes/no, y/n, 1/0, t/f. */
export function parseBoolean(raw: string): CellParse<boolean> {
  const t = raw.trim().toLowerCase();
  if (t === "") return { ok: true, value: null };
  if (TRUE.has(t)) return { ok: true, value: true };
  if (FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, reason: `"${raw.trim()}" is not a yes/no value` };
}

/** Split a tag list on `;`, `|` or `,`, trimming, dropping blanks and duplicates. */
export function parseTags(raw: string): CellParse<string[]> {
  const t = raw.trim();
  if (isBlank(t)) return { ok: true, value: null };
  const sep = t.includes(";") ? ";" : t.includes("|") ? "|" : ",";
  const seen = new Set<string>();
  for (const part of t.split(sep)) {
    const p = part.trim();
    if (p) seen.add(p);
  }
  return { ok: true, value: [...seen] };
}

/** Normalise an enum value with the field's synonyms; unknown values are an error naming the allowed ones. */
export function parseEnum(raw: string, field: FieldSpec): CellParse<string> {
  const t = raw.trim();
  if (isBlank(t)) return { ok: true, value: null };
  const key = t.toLowerCase().replace(/[_\s]+/g, " ");
  const synonym = field.synonyms?.[key];
  if (synonym) return { ok: true, value: synonym };
  const direct = field.values?.find(
    (v) => v.toLowerCase() === key || v.toLowerCase() === t.toLowerCase(),
  );
  if (direct) return { ok: true, value: direct };
  return {
    ok: false,
    reason: `"${t}" is not one of ${(field.values ?? []).join(", ")} (map other values in a mapping file)`,
  };
}

/** Parse a date or timestamp cell; blank cells are null. */
export function parseDateCell(
  raw: string,
  withTime: boolean,
  order?: DayMonthOrder,
): { ok: true; value: null } | DateParse {
  const t = raw.trim();
  if (isBlank(t)) return { ok: true, value: null };
  return parseDateValue(t, withTime, order);
}
