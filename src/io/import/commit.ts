import type { EntitySpec, FieldSpec } from "../../core/model/index.js";
import type { Db } from "../store/db.js";
import { ident, isVersioned, sqlType, tableName } from "../store/ddl.js";
import { stageTable } from "./stage.js";

/** Row counts of one entity's commit. */
export interface CommitCounts {
  readonly inserted: number;
  readonly updated: number;
  /** Rows equal to the stored ones (keyed entities), or facts already stored (fact tables). */
  readonly unchanged: number;
  /** Current rows absent from a full snapshot, closed by it. */
  readonly retired: number;
}

/** How one entity's staged rows meet the stored ones. */
export interface CommitMode {
  /** Blank cells and absent columns clear stored values (default: they leave them as they were). */
  readonly replaceMissing: boolean;
  /** Store facts again even when the store already holds the same ones. */
  readonly keepDuplicateFacts: boolean;
}

/** The SQL expression turning a staged column into its stored type. */
function typed(field: FieldSpec, column = ident(field.name)): string {
  const c = column;
  switch (field.type) {
    case "tags":
      return `string_split(${c}, chr(31))`;
    case "date":
      return field.period === "month"
        ? `CAST(date_trunc('month', CAST(${c} AS DATE)) AS DATE)`
        : `CAST(${c} AS DATE)`;
    case "datetime":
      // Staged timestamps are UTC ISO text ending in Z, which DuckDB reads as UTC.
      return `CAST(${c} AS TIMESTAMP)`;
    default:
      return `CAST(${c} AS ${sqlType(field.type)})`;
  }
}

/** A field's documented default fills its blanks. */
function withDefault(field: FieldSpec, expr: string): string {
  return field.default === undefined ? expr : `coalesce(${expr}, ${field.default})`;
}

/**
 * Move one staged entity into the store. Keyed entities are versioned: a changed row closes the
 * current version at `knownFrom` and adds a new one; an identical row is left alone. With
 * `fullSnapshot`, current rows missing from the files are closed too. Fact tables are appended.
 */
export async function commitEntity(
  db: Db,
  entity: EntitySpec,
  importId: number,
  knownFrom: string,
  fullSnapshot: boolean,
  mode: CommitMode = { replaceMissing: false, keepDuplicateFacts: false },
): Promise<CommitCounts> {
  const stage = `temp.main.${ident(stageTable(entity))}`;
  const fieldsSql = entity.fields.map((f) => `${withDefault(f, typed(f))} AS ${ident(f.name)}`);
  const names = entity.fields.map((f) => ident(f.name));
  if (!isVersioned(entity)) return commitFacts(db, entity, importId, mode);
  const table = ident(tableName(entity));
  const current = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${table} WHERE _known_to IS NULL`,
  );
  if ((current?.n ?? 0) === 0) {
    // Nothing known yet: every row is new, no versions to compare or close.
    const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${stage}`);
    await db.run(
      `INSERT INTO ${table} (${names.join(", ")}, attributes, _import_id, _row_hash, _known_from, _known_to)
       SELECT *, CAST(? AS BIGINT), hash(${[...names, "attributes"].join(", ")}), CAST(? AS TIMESTAMP), NULL
       FROM (SELECT ${fieldsSql.join(", ")}, CAST(attributes AS JSON) AS attributes FROM ${stage})`,
      [importId, knownFrom],
    );
    return { inserted: n?.n ?? 0, updated: 0, unchanged: 0, retired: 0 };
  }
  const keyEq = entity.key.map((k) => `v.${ident(k)} = i.${ident(k)}`).join(" AND ");
  // Column-wise update: a blank cell or a column the file lacks keeps the stored value, unless
  // `replaceMissing` says the file's rows replace the stored ones whole.
  const merged = entity.fields.map((f) => {
    const c = ident(f.name);
    const value = mode.replaceMissing ? `i.${c}` : `coalesce(i.${c}, v.${c})`;
    return `${withDefault(f, value)} AS ${c}`;
  });
  const attributes = mode.replaceMissing
    ? "i.attributes"
    : `CASE WHEN v.attributes IS NULL THEN i.attributes WHEN i.attributes IS NULL THEN v.attributes
            ELSE json_merge_patch(v.attributes, i.attributes) END`;
  const rawFields = entity.fields.map((f) => `${typed(f)} AS ${ident(f.name)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE incoming AS
    SELECT *, hash(${[...names, "attributes"].join(", ")}) AS _row_hash
    FROM (SELECT ${merged.join(", ")}, ${attributes} AS attributes
          FROM (SELECT ${rawFields.join(", ")}, CAST(attributes AS JSON) AS attributes FROM ${stage}) i
          LEFT JOIN ${table} v ON ${keyEq} AND v._known_to IS NULL)`);
  const counts = await db.one<{ inserted: number; updated: number; unchanged: number }>(
    `SELECT count(*) FILTER (WHERE v._row_hash IS NULL) AS inserted,
            count(*) FILTER (WHERE v._row_hash IS NOT NULL AND v._row_hash <> i._row_hash) AS updated,
            count(*) FILTER (WHERE v._row_hash = i._row_hash) AS unchanged
     FROM temp.main.incoming i LEFT JOIN ${table} v ON ${keyEq} AND v._known_to IS NULL`,
  );
  let retired = 0;
  if (fullSnapshot) {
    const r = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${table} v WHERE v._known_to IS NULL
       AND NOT EXISTS (SELECT 1 FROM temp.main.incoming i WHERE ${keyEq})`,
    );
    retired = r?.n ?? 0;
    await db.run(
      `UPDATE ${table} v SET _known_to = CAST(? AS TIMESTAMP) WHERE v._known_to IS NULL
       AND NOT EXISTS (SELECT 1 FROM temp.main.incoming i WHERE ${keyEq})`,
      [knownFrom],
    );
  }
  await db.run(
    `UPDATE ${table} v SET _known_to = CAST(? AS TIMESTAMP) FROM temp.main.incoming i
     WHERE ${keyEq} AND v._known_to IS NULL AND v._row_hash <> i._row_hash`,
    [knownFrom],
  );
  await db.run(
    `INSERT INTO ${table} (${names.join(", ")}, attributes, _import_id, _row_hash, _known_from, _known_to)
     SELECT ${entity.fields.map((f) => `i.${ident(f.name)}`).join(", ")}, i.attributes, CAST(? AS BIGINT), i._row_hash,
            CAST(? AS TIMESTAMP), NULL
     FROM temp.main.incoming i
     WHERE NOT EXISTS (SELECT 1 FROM ${table} v WHERE ${keyEq} AND v._known_to IS NULL)`,
    [importId, knownFrom],
  );
  await db.run("DROP TABLE temp.main.incoming");
  return {
    inserted: counts?.inserted ?? 0,
    updated: counts?.updated ?? 0,
    unchanged: counts?.unchanged ?? 0,
    retired,
  };
}

/**
 * Fact tables (no key) are keyed by their content: a fact equal in every field to a stored one
 * is already known and is not added again, whatever the bytes of the file that brings it.
 * Duplicates inside the import were reduced to one row by the checks before.
 */
async function commitFacts(
  db: Db,
  entity: EntitySpec,
  importId: number,
  mode: CommitMode,
): Promise<CommitCounts> {
  const stage = `temp.main.${ident(stageTable(entity))}`;
  const table = ident(tableName(entity));
  const names = entity.fields.map((f) => ident(f.name));
  const fieldsSql = entity.fields.map((f) => `${withDefault(f, typed(f))} AS ${ident(f.name)}`);
  const n = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${stage}`))?.n ?? 0;
  const stored = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
  const same = names.map((c) => `s.${c} IS NOT DISTINCT FROM i.${c}`).join(" AND ");
  const fresh =
    mode.keepDuplicateFacts || stored === 0
      ? ""
      : `WHERE NOT EXISTS (SELECT 1 FROM ${table} s WHERE ${same})`;
  await db.run(
    `INSERT INTO ${table} (${names.join(", ")}, attributes, _import_id)
     SELECT ${names.map((c) => `i.${c}`).join(", ")}, i.attributes, CAST(? AS BIGINT)
     FROM (SELECT ${fieldsSql.join(", ")}, CAST(attributes AS JSON) AS attributes FROM ${stage}) i ${fresh}`,
    [importId],
  );
  const after = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
  const inserted = after - stored;
  return { inserted, updated: 0, unchanged: n - inserted, retired: 0 };
}
