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

/**
 * A plain decimal number (`12`, `-3.5`, `1e6`) read without regular expressions, or NaN: the
 * fast path for the bulk of large files; everything else goes through `parseNumber`.
 */
export function fastNumber(t: string): number {
  const c = t.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43)) return Number.NaN;
  const c1 = t.charCodeAt(1) | 32;
  // Number() also reads 0x.., 0b.., 0o.. literals; those are not decimal numbers.
  if (c1 === 120 || c1 === 98 || c1 === 111) return Number.NaN;
  const v = Number(t);
  return v - v === 0 ? v : Number.NaN;
}

/** Trim only when the ends hold whitespace (most cells do not, and trim() is not free). */
export function trimCell(raw: string): string {
  const n = raw.length;
  return n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32) ? raw.trim() : raw;
}

/** A whole number grouped by points (`1.234`, `12.345.678`): thousands with a decimal comma. */
const POINT_GROUPED = /^[+-]?[1-9]\d{0,2}(\.\d{3})+$/;

/**
 * The value of a cell read with a decimal comma (`1.234,56`, `12,5 %`, `1.234`), or NaN when it
 * is not a number written that way.
 */
export function commaNumber(t: string): number {
  const r = parseNumber(t, ",");
  if (r.ok) return r.value ?? Number.NaN;
  return POINT_GROUPED.test(t) ? Number(t.replace(/\./g, "")) : Number.NaN;
}

/** The key of a categorical value: trimmed, inner whitespace collapsed, lower case. */
export function levelKey(text: string): string {
  return text.replace(/\s+/g, " ").toLowerCase();
}

/** What an accumulator holds, as plain data (sent between threads). */
export interface AccumulatorState {
  readonly n: number;
  readonly num: Float64Array;
  readonly code: Int32Array;
  readonly levels: readonly string[];
  readonly levelCount: readonly number[];
  readonly blank: number;
  readonly numeric: number;
  readonly text: number;
  readonly textChars: number;
  readonly overflow: number;
  readonly dateMode: boolean;
  readonly dateFails: number;
  readonly pointCells: number;
  readonly commaCells: number;
  readonly alt: Float64Array | null;
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
  /** Text exactly as written -> its level (skips number parsing and key building on repeats). */
  private readonly seen = new Map<string, number>();
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
  /** Cells that show a decimal point: they cannot be read with a decimal comma (`12.5`). */
  pointCells = 0;
  /** Cells that are numbers only with a decimal comma (`12,5`, `1.234,56`). */
  commaCells = 0;
  /**
   * The decimal-comma reading of cells that read otherwise (or not at all) with a point, NaN for
   * the rest; allocated at the first such cell, dropped once a cell shows a decimal point.
   */
  alt: Float64Array | null = null;
  /** Per level: its decimal-comma reading (NaN when it is not a number written that way). */
  private readonly levelAlt: number[] = [];

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
    if (this.alt) {
      const alt = new Float64Array(this.num.length).fill(Number.NaN);
      alt.set(this.alt);
      this.alt = alt;
    }
  }

  /** Record the decimal-comma reading of cell i (while no cell has shown a decimal point). */
  private setAlt(i: number, v: number): void {
    if (this.pointCells > 0 || Number.isNaN(v)) return;
    if (!this.alt) this.alt = new Float64Array(this.num.length).fill(Number.NaN);
    this.alt[i] = v;
  }

  /** A cell read as the number `v` with a decimal point: is it read otherwise with a comma? */
  private pointEvidence(i: number, t: string, v: number): void {
    if (t.indexOf(".") < 0 && t.indexOf(",") < 0) return;
    const c = commaNumber(t);
    if (Number.isNaN(c)) {
      this.pointCells++;
      this.alt = null;
    } else if (c !== v) this.setAlt(i, c);
  }

  private textCell(i: number, level: number): void {
    const c = this.levelAlt[level] as number;
    if (!Number.isNaN(c)) {
      this.commaCells++;
      this.setAlt(i, c);
    }
  }

  /** Add one raw cell. */
  push(raw: string): void {
    if (this.n === this.num.length) this.grow();
    const i = this.n++;
    const t = trimCell(raw);
    this.code[i] = -1;
    const fast = t.length > 0 ? fastNumber(t) : Number.NaN;
    if (!Number.isNaN(fast)) {
      this.num[i] = fast;
      this.numeric++;
      // Until a cell shows a decimal point, note the cells a decimal comma would read otherwise.
      if (this.pointCells === 0 && (t.length >= 5 || !Number.isInteger(fast)))
        this.pointEvidence(i, t, fast);
      return;
    }
    const known = this.seen.get(t);
    if (known !== undefined) {
      this.num[i] = Number.NaN;
      this.text++;
      this.textChars += t.length;
      this.code[i] = known;
      this.levelCount[known] = (this.levelCount[known] ?? 0) + 1;
      this.textCell(i, known);
      return;
    }
    if (isBlank(t)) {
      this.num[i] = Number.NaN;
      this.blank++;
      return;
    }
    const p = parseNumber(t);
    if (p.ok && p.value !== null) {
      this.num[i] = p.value;
      this.numeric++;
      if (this.pointCells === 0) this.pointEvidence(i, t, p.value);
      return;
    }
    this.num[i] = Number.NaN;
    this.text++;
    this.textChars += t.length;
    const key = levelKey(t);
    const c = this.dict.get(key);
    if (c !== undefined) {
      if (this.seen.size < MAX_DISTINCT) this.seen.set(t, c);
      this.code[i] = c;
      this.levelCount[c] = (this.levelCount[c] ?? 0) + 1;
      this.textCell(i, c);
      return;
    }
    if (this.levels.length < MAX_DISTINCT) {
      this.code[i] = this.levels.length;
      this.dict.set(key, this.levels.length);
      this.seen.set(t, this.levels.length);
      this.levels.push(t);
      this.levelCount.push(1);
      this.levelAlt.push(commaNumber(t));
      this.textCell(i, this.levels.length - 1);
      return;
    }
    if (this.overflow === 0) this.dateMode = this.levels.every((l) => !Number.isNaN(dateDays(l)));
    this.overflow++;
    this.code[i] = -2;
    const comma = commaNumber(t);
    if (!Number.isNaN(comma)) {
      this.commaCells++;
      this.setAlt(i, comma);
    }
    if (this.dateMode) {
      const d = dateDays(t);
      if (Number.isNaN(d)) this.dateFails++;
      this.num[i] = d;
    }
  }

  /** The state to send to another thread (arrays trimmed to the rows filled). */
  snapshot(): AccumulatorState {
    return {
      n: this.n,
      num: this.num.slice(0, this.n),
      code: this.code.slice(0, this.n),
      levels: this.levels,
      levelCount: this.levelCount,
      blank: this.blank,
      numeric: this.numeric,
      text: this.text,
      textChars: this.textChars,
      overflow: this.overflow,
      dateMode: this.dateMode,
      dateFails: this.dateFails,
      pointCells: this.pointCells,
      commaCells: this.commaCells,
      alt: this.alt ? this.alt.slice(0, this.n) : null,
    };
  }

  /**
   * Append the rows another accumulator collected (a later part of the same file), mapping its
   * levels onto this dictionary; levels beyond the dictionary's capacity count as overflow.
   */
  absorb(o: AccumulatorState): void {
    while (this.num.length < this.n + o.n) this.grow();
    const map = o.levels.map((l, c) => {
      const key = levelKey(l);
      let at = this.dict.get(key);
      if (at === undefined && this.levels.length < MAX_DISTINCT) {
        at = this.levels.length;
        this.dict.set(key, at);
        this.levels.push(l);
        this.levelCount.push(0);
        this.levelAlt.push(commaNumber(l));
      }
      if (at !== undefined)
        this.levelCount[at] = (this.levelCount[at] ?? 0) + (o.levelCount[c] ?? 0);
      return at ?? -2;
    });
    if (this.overflow === 0 && map.includes(-2))
      this.dateMode = this.levels.every((l) => !Number.isNaN(dateDays(l)));
    for (let k = 0; k < o.n; k++) {
      const i = this.n + k;
      const c = o.code[k] as number;
      const mapped = c >= 0 ? (map[c] as number) : c;
      this.code[i] = mapped;
      let x = o.num[k] as number;
      if (mapped === -2 && c >= 0) {
        this.overflow++;
        x = this.dateMode ? dateDays(o.levels[c] as string) : Number.NaN;
      }
      this.num[i] = x;
    }
    this.n += o.n;
    this.blank += o.blank;
    this.numeric += o.numeric;
    this.text += o.text;
    this.textChars += o.textChars;
    this.overflow += o.overflow;
    this.dateMode = this.overflow > 0 ? this.dateMode && (o.overflow === 0 || o.dateMode) : false;
    this.dateFails += o.dateFails;
    const start = this.n - o.n;
    this.pointCells += o.pointCells;
    this.commaCells += o.commaCells;
    if (this.pointCells > 0) this.alt = null;
    else if (o.alt) {
      if (!this.alt) this.alt = new Float64Array(this.num.length).fill(Number.NaN);
      this.alt.set(o.alt, start);
    }
  }

  /**
   * Read the column with a decimal comma when its cells say so: some cells are numbers only that
   * way (`12,5`, `1.234,56`) and none shows a decimal point. Cells read both ways (`1.234`)
   * then take the comma reading; text cells that became numbers leave the dictionary.
   * Returns whether it did.
   */
  adoptDecimalComma(): boolean {
    const alt = this.alt;
    if (this.commaCells === 0 || this.pointCells > 0 || !alt) return false;
    const counts = [...this.levelCount];
    for (let i = 0; i < this.n; i++) {
      const v = alt[i] as number;
      if (Number.isNaN(v)) continue;
      const c = this.code[i] as number;
      if (c !== -1) {
        this.text--;
        this.numeric++;
        if (c >= 0) counts[c] = (counts[c] as number) - 1;
        else this.overflow--;
        this.code[i] = -1;
      }
      this.num[i] = v;
    }
    // Levels left with no cell are dropped (codes renumbered).
    const map = counts.map(() => -1);
    const levels: string[] = [];
    const levelCount: number[] = [];
    const levelAlt: number[] = [];
    counts.forEach((n, c) => {
      if (n <= 0) return;
      map[c] = levels.length;
      levels.push(this.levels[c] as string);
      levelCount.push(n);
      levelAlt.push(this.levelAlt[c] as number);
    });
    for (let i = 0; i < this.n; i++) {
      const c = this.code[i] as number;
      if (c >= 0) this.code[i] = map[c] as number;
    }
    this.levels.length = 0;
    this.levels.push(...levels);
    this.levelCount.length = 0;
    this.levelCount.push(...levelCount);
    this.levelAlt.length = 0;
    this.levelAlt.push(...levelAlt);
    this.dict.clear();
    levels.forEach((l, c) => {
      this.dict.set(levelKey(l), c);
    });
    this.seen.clear();
    let chars = 0;
    levels.forEach((l, c) => {
      chars += l.length * (levelCount[c] as number);
    });
    if (this.overflow === 0) this.textChars = chars;
    this.alt = null;
    return true;
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
