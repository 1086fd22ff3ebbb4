import { type DayMonthOrder, parseDateValue } from "../../model/dates.js";
import { isBlank, parseNumber } from "../../model/values.js";

/** Distinct text values kept per column; beyond this a column is an identifier, free text or timestamps. */
export const MAX_DISTINCT = 100_000;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (fractional for timestamps) of a date cell, or NaN. */
export function dateDays(text: string, order?: DayMonthOrder): number {
  const r = parseDateValue(text, true, order);
  return r.ok ? Date.parse(r.value.iso) / DAY_MS : Number.NaN;
}

/** The key of a categorical value: trimmed, inner whitespace collapsed, lower case. */
export function levelKey(text: string): string {
  return text.replace(/\s+/g, " ").toLowerCase();
}

/**
 * Collects one column's cells as they stream in: numbers go to a Float64Array, other text to a
 * dictionary (codes in an Int32Array), so a million-row column costs 12 bytes a row, not a string.
 */
export class ColumnAccumulator {
  n = 0;
  num: Float64Array;
  code: Int32Array;
  readonly dict = new Map<string, number>();
  readonly levels: string[] = [];
  readonly levelCount: number[] = [];
  blank = 0;
  numeric = 0;
  text = 0;
  textChars = 0;
  /** Text cells not kept because the dictionary was full. */
  overflow = 0;
  /** After overflow: whether remaining text cells are read as dates into `num`. */
  dateMode = false;
  dateFails = 0;

  constructor(capacity = 1024) {
    this.num = new Float64Array(capacity);
    this.code = new Int32Array(capacity);
  }

  private grow(): void {
    const num = new Float64Array(this.num.length * 2);
    num.set(this.num);
    this.num = num;
    const code = new Int32Array(this.code.length * 2);
    code.set(this.code);
    this.code = code;
  }

  /** Add one raw cell. */
  push(raw: string): void {
    if (this.n === this.num.length) this.grow();
    const i = this.n++;
    const t = raw.trim();
    this.code[i] = -1;
    if (isBlank(t)) {
      this.num[i] = Number.NaN;
      this.blank++;
      return;
    }
    const p = parseNumber(t);
    if (p.ok && p.value !== null) {
      this.num[i] = p.value;
      this.numeric++;
      return;
    }
    this.num[i] = Number.NaN;
    this.text++;
    this.textChars += t.length;
    const key = levelKey(t);
    const c = this.dict.get(key);
    if (c !== undefined) {
      this.code[i] = c;
      this.levelCount[c] = (this.levelCount[c] ?? 0) + 1;
      return;
    }
    if (this.levels.length < MAX_DISTINCT) {
      this.code[i] = this.levels.length;
      this.dict.set(key, this.levels.length);
      this.levels.push(t);
      this.levelCount.push(1);
      return;
    }
    if (this.overflow === 0) this.dateMode = this.levels.every((l) => !Number.isNaN(dateDays(l)));
    this.overflow++;
    this.code[i] = -2;
    if (this.dateMode) {
      const d = dateDays(t);
      if (Number.isNaN(d)) this.dateFails++;
      this.num[i] = d;
    }
  }

  /** The filled part of the numeric values. */
  values(): Float64Array {
    return this.num.subarray(0, this.n);
  }

  /** The filled part of the codes (-1 blank or number, -2 text beyond the dictionary). */
  codes(): Int32Array {
    return this.code.subarray(0, this.n);
  }
}
