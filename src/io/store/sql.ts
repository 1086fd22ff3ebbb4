/**
 * SQL text holds identifiers (through `ident()`) and structure only; every value is a parameter.
 *
 * - A statement's own values: named parameters, `db.all("... WHERE as_of = CAST($as_of AS DATE)", { as_of })`.
 * - A value inside a reusable SQL fragment (a CASE table, a tag a dimension tests): `sqlValue(v)`
 *   gives a placeholder that names its value (`$v_s616263` for "abc"); `Db` binds every such
 *   placeholder found in a statement as a parameter, so the value never becomes SQL text and the
 *   fragment stays a plain string that composes anywhere.
 * test/sql-values.test.ts fails on a value quoted or interpolated into SQL text.
 */
import type { DuckDBValue } from "@duckdb/node-api";

const hex = (s: string) => Buffer.from(s, "utf8").toString("hex");

/** A placeholder bound to `value` when the statement runs (strings, finite numbers, booleans). */
export function sqlValue(value: string | number | boolean): string {
  if (typeof value === "string") return `$v_s${hex(value)}`;
  if (typeof value === "boolean") return value ? "$v_b1" : "$v_b0";
  if (!Number.isFinite(value)) throw new Error(`sqlValue: ${value} is not a finite number`);
  return `$v_n${hex(String(value))}`;
}

const EMBEDDED = /\$(v_([snb])([0-9a-f]*))\b/g;

/** The named parameters of `sql`: the given ones that it uses, plus every `sqlValue` placeholder. */
export function bindParams(
  sql: string,
  params: Readonly<Record<string, DuckDBValue>> | undefined,
): Record<string, DuckDBValue> {
  const out: Record<string, DuckDBValue> = {};
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
    }
  }
  for (const m of sql.matchAll(EMBEDDED)) {
    const [, name, kind, body] = m;
    if (!name || out[name] !== undefined) continue;
    const text = Buffer.from(body ?? "", "hex").toString("utf8");
    out[name] = kind === "s" ? text : kind === "b" ? body === "1" : Number(text);
  }
  return out;
}
