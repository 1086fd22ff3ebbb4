import { DayMonthResolver, parseDateValue } from "../../model/dates.js";
import { parseBoolean } from "../../model/values.js";
import { type ColumnAccumulator, levelKey, MAX_DISTINCT } from "./column.js";
import type { FrameColumn } from "./frame.js";

const DAY_MS = 86_400_000;
/** Share of non-blank cells that must fit a type for the column to take it. */
const TYPE_SHARE = 0.95;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Days since 1970 of each dictionary level, with the day/month order settled over all levels. */
function levelDays(
  levels: readonly string[],
  counts: readonly number[],
): { days: Float64Array; order: "MDY" | "DMY" | null } | null {
  const parsed = levels.map((l) => parseDateValue(l, true));
  let ok = 0;
  let all = 0;
  const resolver = new DayMonthResolver();
  parsed.forEach((p, i) => {
    const c = counts[i] ?? 0;
    all += c;
    if (p.ok) {
      ok += c;
      resolver.see(p.value, i + 1);
    }
  });
  if (all === 0 || ok < TYPE_SHARE * all) return null;
  const order = resolver.decide();
  const dmy = order.ok && order.order === "DMY";
  const days = Float64Array.from(parsed, (p) => {
    if (!p.ok) return Number.NaN;
    const iso = dmy && p.value.alt !== undefined ? p.value.alt : p.value.iso;
    return Date.parse(iso) / DAY_MS;
  });
  return { days, order: order.ok ? order.order : null };
}

function numericColumn(name: string, acc: ColumnAccumulator): FrameColumn {
  const v = acc.values();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  let present = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (Number.isNaN(x)) continue;
    present++;
    if (x < min) min = x;
    if (x > max) max = x;
    if (integers && !Number.isInteger(x)) integers = false;
  }
  if (present === 0) return { kind: "dropped", name, reason: "no values", identifier: false };
  if (min === max && present === v.length)
    return { kind: "dropped", name, reason: `constant (${min})`, identifier: false };
  // A row number: distinct whole numbers filling (nearly) a contiguous range.
  if (integers && present === v.length && present >= 20 && max - min + 1 <= 1.05 * present) {
    const sorted = Float64Array.from(v).sort();
    let distinct = true;
    for (let i = 1; i < sorted.length && distinct; i++) distinct = sorted[i] !== sorted[i - 1];
    if (distinct)
      return {
        kind: "dropped",
        name,
        reason: "sequential identifier (distinct whole numbers filling a range)",
        identifier: true,
      };
  }
  const nonNumeric = acc.text;
  const note =
    nonNumeric > 0
      ? `${pct(nonNumeric / (acc.text + acc.numeric))} non-numeric cells read as missing`
      : undefined;
  return { kind: "numeric", name, source: "number", values: v, ...(note ? { note } : {}) };
}

function booleanColumn(name: string, acc: ColumnAccumulator): FrameColumn | null {
  if (acc.overflow > 0 || acc.levels.length === 0) return null;
  const truth = acc.levels.map((l) => parseBoolean(l));
  if (!truth.every((t) => t.ok && t.value !== null)) return null;
  const v = acc.values();
  for (let i = 0; i < v.length; i++)
    if (v[i] !== 0 && v[i] !== 1 && !Number.isNaN(v[i])) return null;
  const out = Float64Array.from(v);
  const codes = acc.codes();
  for (let i = 0; i < out.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) {
      const t = truth[c];
      out[i] = t?.ok && t.value ? 1 : 0;
    }
  }
  return { kind: "numeric", name, source: "boolean", values: out };
}

function dateColumn(name: string, acc: ColumnAccumulator): FrameColumn | null {
  if (acc.text < TYPE_SHARE * (acc.text + acc.numeric)) return null;
  if (acc.overflow > 0) {
    if (!acc.dateMode || acc.dateFails > (1 - TYPE_SHARE) * acc.overflow) return null;
  }
  const read = levelDays(acc.levels, acc.levelCount);
  if (!read) return null;
  const days = read.days;
  const v = acc.values();
  const codes = acc.codes();
  const out = new Float64Array(v.length);
  for (let i = 0; i < out.length; i++) {
    const c = codes[i] as number;
    // Text beyond the dictionary was parsed as it streamed in (dateMode); numbers are not dates.
    out[i] = c >= 0 ? (days[c] as number) : c === -2 ? (v[i] as number) : Number.NaN;
  }
  return {
    kind: "numeric",
    name,
    source: "date",
    values: out,
    ...(read.order ? { dateOrder: read.order } : {}),
  };
}

function categoricalColumn(name: string, acc: ColumnAccumulator): FrameColumn {
  const nonBlank = acc.text + acc.numeric;
  if (acc.overflow > 0)
    return {
      kind: "dropped",
      name,
      reason: `more than ${MAX_DISTINCT.toLocaleString("en-US")} distinct values (identifier or free text)`,
      identifier: acc.textChars / acc.text < 40,
    };
  // Numbers in a mostly-text column become levels of their own.
  const levels = [...acc.levels];
  const dict = new Map(acc.dict);
  const codes = Int32Array.from(acc.codes());
  const v = acc.values();
  const counts = [...acc.levelCount];
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] !== -1 || Number.isNaN(v[i] as number)) continue;
    const text = String(v[i]);
    const key = levelKey(text);
    let c = dict.get(key);
    if (c === undefined) {
      c = levels.length;
      dict.set(key, c);
      levels.push(text);
      counts.push(0);
    }
    counts[c] = (counts[c] ?? 0) + 1;
    codes[i] = c;
  }
  const distinct = levels.length;
  if (distinct === 1 && acc.blank === 0)
    return { kind: "dropped", name, reason: `constant ("${levels[0]}")`, identifier: false };
  const meanLength = acc.text > 0 ? acc.textChars / acc.text : 0;
  if (nonBlank >= 20 && distinct >= 0.9 * nonBlank)
    return {
      kind: "dropped",
      name,
      reason:
        meanLength > 40
          ? "free text (long, nearly all values distinct)"
          : `identifier-like (${pct(distinct / nonBlank)} of values distinct)`,
      identifier: meanLength <= 40,
    };
  if (meanLength > 80 && distinct >= 0.5 * nonBlank)
    return { kind: "dropped", name, reason: "free text (long values)", identifier: false };
  return { kind: "categorical", name, codes, levels };
}

/**
 * Type one column from what its accumulator saw: numeric, yes/no, date, categorical, or dropped
 * (empty, constant, identifier-like, free text) with the reason.
 */
export function detectColumn(name: string, acc: ColumnAccumulator): FrameColumn {
  // The decimal mark is decided per column from all its cells (see adoptDecimalComma).
  const ambiguous = acc.alt !== null && acc.commaCells === 0;
  const mixed = acc.commaCells > 0 && acc.pointCells > 0;
  const comma = acc.adoptDecimalComma();
  const nonBlank = acc.text + acc.numeric;
  if (nonBlank === 0) return { kind: "dropped", name, reason: "no values", identifier: false };
  const column =
    booleanColumn(name, acc) ??
    (acc.numeric >= 0.5 * nonBlank ? numericColumn(name, acc) : null) ??
    dateColumn(name, acc) ??
    categoricalColumn(name, acc);
  if (column.kind === "dropped") return column;
  const note = (text: string) => [text, column.note].filter(Boolean).join("; ");
  if (comma && column.kind === "numeric" && column.source === "number")
    return { ...column, decimal: ",", note: note("decimal comma") };
  if (mixed)
    return {
      ...column,
      note: note(
        `both decimal marks seen (${acc.commaCells} cells like "12,5", ${acc.pointCells} like "12.5"): cells with a decimal comma are not read as numbers`,
      ),
    };
  if (ambiguous && column.kind === "numeric" && column.source === "number")
    return {
      ...column,
      note: note(
        'ambiguous decimal mark (every separator could be either, as in "1.234"): read with a decimal point',
      ),
    };
  return column;
}
