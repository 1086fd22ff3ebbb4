/**
 * Date and timestamp parsing for CRM exports. Formats are recognised per value, but the order of
 * day and month in `a/b/yyyy` dates is a property of the whole column: it is decided once every
 * value has been seen, and a column where both orders fit every value is an error, never a guess.
 */

/** Day/month order of slash (or dash) dates with the year last. */
export type DayMonthOrder = "MDY" | "DMY";

/** A parsed calendar value; `alt` is the other reading when the day/month order is not yet known. */
export interface ParsedDate {
  /** ISO date `YYYY-MM-DD` or timestamp `YYYY-MM-DDTHH:MM:SS.sssZ`, under the MDY reading when undecided. */
  readonly iso: string;
  /** The DMY reading of an undecided value (absent when the value is unambiguous). */
  readonly alt?: string;
  /** Which orders this value allows: both, only one, or none (order-free formats). */
  readonly orders?: readonly DayMonthOrder[];
}

export type DateParse = { ok: true; value: ParsedDate } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, "0");

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return MONTH_DAYS[m - 1] ?? 0;
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function isoDate(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

interface Clock {
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Offset of the written time from UTC in minutes, or null when no zone was written. */
  offset: number | null;
}

const TIME_RE =
  /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

function parseClock(text: string): Clock | string {
  const m = TIME_RE.exec(text);
  if (!m) return `unrecognised time "${text}"`;
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  const ms = m[4] ? Math.round(Number(`0.${m[4]}`) * 1000) : 0;
  const ampm = m[5]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return `hour ${h} with ${ampm.toUpperCase()}`;
    if (ampm === "am" && h === 12) h = 0;
    if (ampm === "pm" && h !== 12) h += 12;
  }
  if (h > 23 || mi > 59 || s > 60) return `invalid time "${text}"`;
  let offset: number | null = null;
  const z = m[6];
  if (z) {
    if (/^(z|utc|gmt)$/i.test(z)) offset = 0;
    else {
      const sign = z[0] === "-" ? -1 : 1;
      const digits = z.slice(1).replace(":", "");
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
    }
  }
  return { h, mi, s: Math.min(s, 59), ms, offset };
}

function isoTimestamp(y: number, mo: number, d: number, c: Clock | null): string {
  if (!c) return `${isoDate(y, mo, d)}T00:00:00.000Z`;
  const t = Date.UTC(y, mo - 1, d, c.h, c.mi, c.s, c.ms) - (c.offset ?? 0) * 60_000;
  return new Date(t).toISOString();
}

const YMD_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(.+))?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SLASH_RE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{2,4})(?:[T\s]+(.+))?$/;
const DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(.+))?$/;
const NAMED_DMY_RE = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})(?:[T\s]+(.+))?$/;
const NAMED_MDY_RE = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[T\s]+(.+))?$/;
const NAMED_YMD_RE = /^(\d{4})-([A-Za-z]{3,9})-(\d{1,2})$/;

function month(name: string): number | undefined {
  return (
    MONTHS[name.toLowerCase().slice(0, name.length >= 4 ? 4 : 3)] ??
    MONTHS[name.toLowerCase().slice(0, 3)]
  );
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Fast path for the two layouts that make up most of big exports, `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:MM:SS[.sss]Z`: checked digit by digit, no regex, no Date object.
 */
function fastIso(t: string, withTime: boolean): string | undefined {
  const len = t.length;
  if (len !== 10 && len !== 20 && len !== 24) return undefined;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return undefined;
  const y = two(t, 0) * 100 + two(t, 2);
  const mo = two(t, 5);
  const d = two(t, 8);
  if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    return undefined;
  if (len === 10) return withTime ? `${t}T00:00:00.000Z` : t;
  if (t[10] !== "T" || t[13] !== ":" || t[16] !== ":" || t[len - 1] !== "Z") return undefined;
  const h = two(t, 11);
  const mi = two(t, 14);
  const s = two(t, 17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  if (len === 24 && (t[19] !== "." || digit(t, 20) < 0 || digit(t, 21) < 0 || digit(t, 22) < 0))
    return undefined;
  if (!withTime) return t.slice(0, 10);
  return len === 24 ? t : `${t.slice(0, 19)}.000Z`;
}

interface Reading {
  y: number;
  mo: number;
  d: number;
  rest?: string | undefined;
  orders?: DayMonthOrder[];
  alt?: { mo: number; d: number };
}

type Reader = (m: RegExpExecArray, text: string, order?: DayMonthOrder) => Reading | string;

const named = (name: string | undefined, text: string): number | string =>
  month(name ?? "") ?? `unknown month name in "${text}"`;

function readSlash(m: RegExpExecArray, text: string, order?: DayMonthOrder): Reading | string {
  const a = Number(m[1]);
  const b = Number(m[3]);
  const yearText = m[4] ?? "";
  if (yearText.length !== 4)
    return `two-digit year in "${text}" is ambiguous; write the year in full`;
  const y = Number(yearText);
  const rest = m[5];
  const mdyOk = validYmd(y, a, b);
  const dmyOk = validYmd(y, b, a);
  if (order === "MDY" || (!order && mdyOk && !dmyOk)) {
    if (!mdyOk) return `"${text}" is not a valid month/day/year date`;
    return { y, mo: a, d: b, rest, orders: ["MDY"] };
  }
  if (order === "DMY" || (!order && dmyOk && !mdyOk)) {
    if (!dmyOk) return `"${text}" is not a valid day/month/year date`;
    return { y, mo: b, d: a, rest, orders: ["DMY"] };
  }
  if (!mdyOk) return `"${text}" is not a valid date`;
  // Both readings are valid: keep both until the column decides (equal parts need no choice).
  return a === b
    ? { y, mo: a, d: b, rest }
    : { y, mo: a, d: b, rest, orders: ["MDY", "DMY"], alt: { mo: b, d: a } };
}

/** Recognised layouts, tried in order. */
const FORMATS: readonly [RegExp, Reader][] = [
  [YMD_RE, (m) => ({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), rest: m[4] })],
  [COMPACT_RE, (m) => ({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) })],
  [SLASH_RE, readSlash],
  // dd.mm.yyyy is the European convention wherever dots separate a year-last date.
  [DOT_RE, (m) => ({ y: Number(m[3]), mo: Number(m[2]), d: Number(m[1]), rest: m[4] })],
  [
    NAMED_DMY_RE,
    (m, text) => {
      const mo = named(m[2], text);
      return typeof mo === "string" ? mo : { y: Number(m[3]), mo, d: Number(m[1]), rest: m[4] };
    },
  ],
  [
    NAMED_MDY_RE,
    (m, text) => {
      const mo = named(m[1], text);
      return typeof mo === "string" ? mo : { y: Number(m[3]), mo, d: Number(m[2]), rest: m[4] };
    },
  ],
  [
    NAMED_YMD_RE,
    (m, text) => {
      const mo = named(m[2], text);
      return typeof mo === "string" ? mo : { y: Number(m[1]), mo, d: Number(m[3]) };
    },
  ],
];

/**
 * Parse one date or timestamp as written in a CRM export.
 * With `withTime`, the result is a UTC ISO timestamp (a bare date means midnight UTC);
 * otherwise an ISO date (a time part, if any, is dropped after checking it).
 */
export function parseDateValue(raw: string, withTime: boolean, order?: DayMonthOrder): DateParse {
  const text = raw.trim();
  const fast = fastIso(text, withTime);
  if (fast !== undefined) return { ok: true, value: { iso: fast } };
  let reading: Reading | string = `"${text}" is not a date in a recognised format`;
  for (const [re, read] of FORMATS) {
    const m = re.exec(text);
    if (m) {
      reading = read(m, text, order);
      break;
    }
  }
  if (typeof reading === "string") return { ok: false, reason: reading };
  const { y, mo, d, rest, orders, alt } = reading;
  if (!validYmd(y, mo, d)) return { ok: false, reason: `"${text}" is not a valid calendar date` };
  let clock: Clock | null = null;
  if (rest !== undefined && rest.trim() !== "") {
    const c = parseClock(rest.trim());
    if (typeof c === "string") return { ok: false, reason: `${c} in "${text}"` };
    clock = c;
  }
  const render = (mm: number, dd: number) =>
    withTime ? isoTimestamp(y, mm, dd, clock) : isoDate(y, mm, dd);
  const value: ParsedDate = {
    iso: render(mo, d),
    ...(alt ? { alt: render(alt.mo, alt.d) } : {}),
    ...(orders ? { orders } : {}),
  };
  return { ok: true, value };
}

/**
 * Decides the day/month order of one column from all its values. Feed it every parsed value,
 * then call `decide()`: MDY or DMY when the values settle it, `null` when no value needs an
 * order, or an error when both orders fit every value (ambiguous) or no order fits them all.
 */
export class DayMonthResolver {
  /** First line of a value allowing only month-first, only day-first, or both (0 = none yet). */
  mdyOnly = 0;
  dmyOnly = 0;
  undecided = 0;
  undecidedCount = 0;

  /** Record one parsed value and the line it came from (used in messages). */
  see(value: ParsedDate, line: number): void {
    const o = value.orders;
    if (!o) return;
    if (o.length === 1) {
      if (o[0] === "MDY") this.mdyOnly ||= line;
      else this.dmyOnly ||= line;
    } else if (value.alt !== undefined) {
      this.undecided ||= line;
      this.undecidedCount++;
    }
  }

  /** Fold in what another resolver saw in a later part of the same file (its lines shifted by `offset`). */
  merge(
    other: Readonly<Pick<DayMonthResolver, "mdyOnly" | "dmyOnly" | "undecided" | "undecidedCount">>,
    offset: number,
  ): void {
    if (other.mdyOnly) this.mdyOnly ||= other.mdyOnly + offset;
    if (other.dmyOnly) this.dmyOnly ||= other.dmyOnly + offset;
    if (other.undecided) this.undecided ||= other.undecided + offset;
    this.undecidedCount += other.undecidedCount;
  }

  decide(): { ok: true; order: DayMonthOrder | null } | { ok: false; reason: string } {
    if (this.mdyOnly && this.dmyOnly) {
      return {
        ok: false,
        reason: `mixes month/day/year (e.g. line ${this.mdyOnly}) and day/month/year (e.g. line ${this.dmyOnly}) dates`,
      };
    }
    if (this.mdyOnly) return { ok: true, order: "MDY" };
    if (this.dmyOnly) return { ok: true, order: "DMY" };
    if (this.undecidedCount > 0) {
      return {
        ok: false,
        reason: `day/month order is ambiguous: every date (${this.undecidedCount}, e.g. line ${this.undecided}) reads both as month/day and day/month; set "dateOrder": "MDY" or "DMY" in a mapping file`,
      };
    }
    return { ok: true, order: null };
  }
}
