import type { EntitySpec, FieldType } from "../../core/model/index.js";

const SQL_TYPES: Record<FieldType, string> = {
  string: "VARCHAR",
  enum: "VARCHAR",
  integer: "BIGINT",
  number: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  datetime: "TIMESTAMP",
  tags: "VARCHAR[]",
};

/** The DuckDB type of a field type (timestamps are UTC). */
export function sqlType(type: FieldType): string {
  return SQL_TYPES[type];
}

/** Quote an identifier for DuckDB. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal for DuckDB. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Keyed entities keep every version of a row (`<entity>_versions`, with the import that brought it
 * and when it was known); `<entity>` is a view of the current rows. Fact tables (no key) are plain.
 */
export function isVersioned(entity: EntitySpec): boolean {
  return entity.key.length > 0;
}

/** Name of the physical table of an entity. */
export function tableName(entity: EntitySpec): string {
  return isVersioned(entity) ? `${entity.name}_versions` : entity.name;
}

/** Bookkeeping columns appended to each entity table. */
export function systemColumns(entity: EntitySpec): [string, string][] {
  const base: [string, string][] = [
    ["attributes", "JSON"],
    ["_import_id", "INTEGER NOT NULL"],
  ];
  if (!isVersioned(entity)) return base;
  return [
    ...base,
    ["_row_hash", "UBIGINT NOT NULL"],
    ["_known_from", "TIMESTAMP NOT NULL"],
    ["_known_to", "TIMESTAMP"],
  ];
}

/** CREATE statements for an entity's table (and current view). */
export function entityDdl(entity: EntitySpec): string[] {
  const cols = [
    ...entity.fields.map((f) => `${ident(f.name)} ${sqlType(f.type)}`),
    ...systemColumns(entity).map(([n, t]) => `${ident(n)} ${t}`),
  ];
  const stmts = [
    `CREATE TABLE IF NOT EXISTS ${ident(tableName(entity))} (\n  ${cols.join(",\n  ")}\n)`,
  ];
  if (isVersioned(entity)) {
    const keep = [
      ...entity.fields.map((f) => ident(f.name)),
      "attributes",
      "_import_id",
      "_known_from",
    ];
    stmts.push(
      `CREATE OR REPLACE VIEW ${ident(entity.name)} AS SELECT ${keep.join(", ")} FROM ${ident(
        tableName(entity),
      )} WHERE _known_to IS NULL`,
    );
  }
  return stmts;
}
