import { oddIdCharacters } from "../text/printable.js";
import { DayMonthResolver } from "./dates.js";
import type { EntitySpec, FieldSpec } from "./fields.js";
import type { FieldSource } from "./headers.js";
import type { EntityMapping } from "./mapping.js";
import {
  type CellParse,
  isBlank,
  parseBoolean,
  parseDateCell,
  parseEnum,
  parseInteger,
  parseNumber,
  parseTags,
} from "./values.js";

/** A staged cell: text, number, boolean or null. Tags are joined with TAG_SEPARATOR. */
export type StagedValue = string | number | boolean | null;

/** Separator of tags inside one staged text cell (a control character no tag contains). */
export const TAG_SEPARATOR = "\u001f";

/** A cell problem: `column` is the 1-based source column, 0 for a constant or derived value. */
export interface CellIssue {
  readonly column: number;
  readonly field: string;
  readonly message: string;
  /** Default: an error that stops the import (code "cell"). */
  readonly severity?: "error" | "warning";
  readonly code?: "cell" | "out_of_range" | "control_character" | "id_characters";
}

/** Numbers beyond this magnitude are not counts or money any export means (e.g. 1e308). */
export const MAX_MAGNITUDE = 1e15;

/** NUL, and the other control characters (tab, newline and carriage return are text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NUL = /\u0000/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Control, invisible, Greek or Cyrillic characters: what the checks below look at more closely. */
const UNUSUAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u0370-\u03ff\u0400-\u04ff]/;

/** The staged layout of one entity: its fields, then one `alt` column per date field. */
export interface StagedRow {
  readonly values: StagedValue[];
  /** DMY reading of each date field whose day/month order is undecided (same order as `dateFields`). */
  readonly alts: (string | null)[];
  /** Unused source columns, as a JSON object text, or null. */
  readonly attributes: string | null;
}

/** Parses the rows of one source file into the entity's staged layout. */
export interface RowParser {
  readonly dateFields: readonly FieldSpec[];
  /** Parse one row; the returned arrays are reused by the next call. */
  parse(fields: readonly string[], line: number, issues: CellIssue[]): StagedRow;
  /** Day/month resolvers of the date fields, to decide once every row has been seen. */
  readonly resolvers: readonly DayMonthResolver[];
}

/** Build the row parser of one file from its header resolution and mapping. */
export function makeRowParser(
  entity: EntitySpec,
  sources: readonly FieldSource[],
  unused: readonly { readonly index: number; readonly header: string }[],
  mapping?: EntityMapping,
): RowParser {
  const dateFields = entity.fields.filter((f) => f.type === "date" || f.type === "datetime");
  const resolvers = dateFields.map(() => new DayMonthResolver());
  const decimal = mapping?.decimal ?? ".";
  const order = mapping?.dateOrder;
  const cellParsers = entity.fields.map((field) => cellParser(field, decimal, mapping));
  const isId = entity.fields.map(
    (f) => f.type === "string" && (entity.key.includes(f.name) || f.ref !== undefined),
  );
  // Text fields without a value table: read in the loop below (no parser call, no result object).
  const plainString = entity.fields.map(
    (f) => f.type === "string" && mapping?.values?.[f.name] === undefined,
  );
  const dateSlot = entity.fields.map((f) => dateFields.indexOf(f));
  const required = entity.fields.flatMap((f, i) => (f.required ? [i] : []));
  const values: StagedValue[] = new Array(entity.fields.length).fill(null);
  const alts: (string | null)[] = new Array(dateFields.length).fill(null);

  return {
    dateFields,
    resolvers,
    parse(fields, line, issues) {
      // Reused between rows: a staged row is consumed before the next one is parsed.
      values.fill(null);
      alts.fill(null);
      for (let fi = 0; fi < entity.fields.length; fi++) {
        const src = sources[fi];
        const field = entity.fields[fi] as FieldSpec;
        if (!src || src.kind === "absent") continue;
        const raw = src.kind === "constant" ? src.value : (fields[src.index] ?? "");
        const column = src.kind === "column" ? src.index + 1 : 0;
        const slot = dateSlot[fi] ?? -1;
        if (slot >= 0) {
          const text = replaceValue(mapping, field, raw);
          const r = parseDateCell(text, field.type === "datetime", order);
          if (!r.ok) {
            issues.push({ column, field: field.name, message: `${field.name}: ${r.reason}` });
          } else if (r.value) {
            values[fi] = r.value.iso;
            if (r.value.alt !== undefined) alts[slot] = r.value.alt;
            resolvers[slot]?.see(r.value, line);
          }
          continue;
        }
        if (plainString[fi]) {
          const t = raw.trim();
          const v = isBlank(t) ? null : t;
          if (
            v !== null &&
            !plainText(v) &&
            unusualText(field, column, v, isId[fi] === true, issues)
          )
            continue;
          values[fi] = v;
          continue;
        }
        const r = (cellParsers[fi] as CellParser)(raw);
        if (!r.ok) {
          issues.push({ column, field: field.name, message: `${field.name}: ${r.reason}` });
          continue;
        }
        const v = r.value;
        // Rare findings are checked apart, keeping this loop small: numbers beyond any export's
        // meaning, and text with control, invisible or look-alike characters. (Tags are joined
        // with a control character of our own: checked as written instead.)
        if (typeof v === "number") {
          if (v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
            outOfRange(field, column, v, issues);
            continue;
          }
        } else if (typeof v === "string") {
          const text = field.type === "tags" ? raw : v;
          if (!plainText(text) && unusualText(field, column, text, isId[fi] === true, issues))
            continue;
        }
        values[fi] = v;
      }
      for (const fi of required) {
        const src = sources[fi];
        if (values[fi] === null && src && src.kind !== "absent") {
          const name = entity.fields[fi]?.name ?? "";
          if (!issues.some((i) => i.field === name)) {
            issues.push({
              column: src.kind === "column" ? src.index + 1 : 0,
              field: name,
              message: `${name}: a value is required`,
            });
          }
        }
      }
      let attributes: string | null = null;
      if (unused.length > 0) {
        const extra: Record<string, string> = {};
        let any = false;
        for (const u of unused) {
          const v = (fields[u.index] ?? "").trim();
          if (!isBlank(v)) {
            extra[u.header.trim()] = v;
            any = true;
          }
        }
        if (any) attributes = JSON.stringify(extra);
      }
      return { values, alts, attributes };
    },
  };
}

type CellParser = (raw: string) => CellParse<StagedValue>;

/**
 * Whether text is printable ASCII or Latin-1 letters (tab, newline and carriage return allowed):
 * almost every cell, ruled out by a loop that is cheaper than a regular expression per cell.
 */
function plainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c < 0x20
        ? c !== 9 && c !== 10 && c !== 13
        : c >= 0x7f && (c <= 0xa0 || c === 0xad || c > 0xff)
    )
      return false;
  }
  return true;
}

function outOfRange(field: FieldSpec, column: number, v: number, issues: CellIssue[]): void {
  issues.push({
    column,
    field: field.name,
    code: "out_of_range",
    message: `${field.name}: ${v} is out of range (beyond ±${MAX_MAGNITUDE})`,
  });
}

/**
 * The findings of text with unusual characters: NUL (an error; returns true: no value), other
 * control characters (a warning), invisible or look-alike characters in an id (a warning).
 */
function unusualText(
  field: FieldSpec,
  column: number,
  text: string,
  isId: boolean,
  issues: CellIssue[],
): boolean {
  if (!UNUSUAL.test(text)) return false;
  if (NUL.test(text)) {
    issues.push({
      column,
      field: field.name,
      code: "control_character",
      message: `${field.name}: contains a NUL character`,
    });
    return true;
  }
  if (CONTROL.test(text)) {
    issues.push({
      column,
      field: field.name,
      code: "control_character",
      severity: "warning",
      message: `${field.name}: contains a control character; kept as written`,
    });
  }
  if (isId) {
    const odd = oddIdCharacters(text);
    if (odd) {
      issues.push({
        column,
        field: field.name,
        code: "id_characters",
        severity: "warning",
        message: `${field.name} "${text}" contains ${odd}: it is a different id from the one without it`,
      });
    }
  }
  return false;
}

function replaceValue(mapping: EntityMapping | undefined, field: FieldSpec, raw: string): string {
  const table = mapping?.values?.[field.name];
  if (!table) return raw;
  const t = raw.trim();
  return Object.hasOwn(table, t) ? (table[t] as string) : raw;
}

function cellParser(field: FieldSpec, decimal: "." | ",", mapping?: EntityMapping): CellParser {
  const scale = mapping?.scale?.[field.name] ?? 1;
  const hasValues = mapping?.values?.[field.name] !== undefined;
  const pre = hasValues ? (raw: string) => replaceValue(mapping, field, raw) : (raw: string) => raw;
  switch (field.type) {
    case "string":
      return (raw) => {
        const t = pre(raw).trim();
        return { ok: true, value: isBlank(t) ? null : t };
      };
    case "integer":
      return (raw) => {
        const r = parseInteger(pre(raw), decimal);
        return r.ok && r.value !== null && scale !== 1
          ? { ok: true, value: Math.round(r.value * scale) }
          : r;
      };
    case "number":
      return (raw) => {
        const r = parseNumber(pre(raw), decimal);
        return r.ok && r.value !== null && scale !== 1 ? { ok: true, value: r.value * scale } : r;
      };
    case "boolean":
      return (raw) => parseBoolean(pre(raw));
    case "enum":
      return (raw) => parseEnum(pre(raw), field);
    case "tags":
      return (raw) => {
        const r = parseTags(pre(raw));
        return r.ok ? { ok: true, value: r.value ? r.value.join(TAG_SEPARATOR) : null } : r;
      };
    default:
      // Dates are parsed by the caller, with the column's day/month resolver.
      return () => ({ ok: false, reason: `internal: no cell parser for ${field.type}` });
  }
}
