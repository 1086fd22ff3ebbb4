import type { Db } from "../store/db.js";
import { ident } from "../store/ddl.js";
import { sqlValue } from "../store/sql.js";
import { regionSql, sizeBandSql } from "../store/summary.js";

/** Segment dimensions derived from account fields (others: any text column, tag:X, attr:KEY). */
const DERIVED: Readonly<Record<string, (a: string) => string>> = {
  size_band: (a) => sizeBandSql(`${a}.employees`),
  region: (a) => regionSql(`${a}.state`, `${a}.country`),
};

/** Names accepted by `--dims`, for help and error messages. */
export const DIMENSION_HELP =
  "size_band, region, a text column of accounts (industry, state, country, owner_id, ...),\n                         tag:NAME (has the technographic tag or not), attr:KEY (an unmapped import column)";

const text = (expr: string) => `coalesce(nullif(trim(CAST(${expr} AS VARCHAR)), ''), 'unknown')`;

/**
 * The SQL expression (over accounts aliased `a`) of a segment dimension, or an error naming
 * what is wrong. Tags become two-valued dimensions so that segments still nest.
 */
export async function dimensionSql(
  db: Db,
  name: string,
  alias = "a",
): Promise<{ ok: true; sql: string } | { ok: false; message: string }> {
  const derived = DERIVED[name];
  if (derived) return { ok: true, sql: derived(alias) };
  if (name.startsWith("tag:")) {
    const tag = name.slice(4).trim().toLowerCase();
    if (!tag) return { ok: false, message: `dimension "${name}" names no tag` };
    return {
      ok: true,
      sql: `CASE WHEN list_contains(list_transform(coalesce(${alias}.tech_tags, []), x -> lower(x)), ${sqlValue(tag)}) THEN ${sqlValue(tag)} ELSE ${sqlValue(`no ${tag}`)} END`,
    };
  }
  if (name.startsWith("attr:")) {
    const key = name.slice(5);
    return {
      ok: true,
      sql: text(`json_extract_string(${alias}.attributes, ${sqlValue(`$.${key}`)})`),
    };
  }
  const cols = await db.all<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'accounts_versions' AND database_name = current_database()",
  );
  const col = cols.find((c) => c.column_name === name);
  if (!col || name.startsWith("_") || col.data_type.endsWith("[]") || col.data_type === "JSON") {
    return {
      ok: false,
      message: `unknown segment dimension "${name}"; use ${DIMENSION_HELP.replace(/\s+/g, " ")}`,
    };
  }
  return { ok: true, sql: text(`${alias}.${ident(name)}`) };
}
