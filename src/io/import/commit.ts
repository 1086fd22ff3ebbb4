import type { EntitySpec, FieldSpec } from "../../core/model/index.js";
import type { Db } from "../store/db.js";
import { ident, isVersioned, sqlType, tableName } from "../store/ddl.js";
import { stageTable } from "./stage.js";

/** Row counts of one entity's commit. */
export interface CommitCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Current rows absent from a full snapshot, closed by it. */
  readonly retired: number;
}

/** The SQL expression turning a staged column into its stored type. */
function typed(field: FieldSpec): string {
  const c = ident(field.name);
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
): Promise<CommitCounts> {
  const stage = `temp.main.${ident(stageTable(entity))}`;
  const fieldsSql = entity.fields.map((f) => `${withDefault(f, typed(f))} AS ${ident(f.name)}`);
  const names = entity.fields.map((f) => ident(f.name));
  if (!isVersioned(entity)) {
    const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${stage}`);
    await db.run(
      `INSERT INTO ${ident(tableName(entity))} (${names.join(", ")}, attributes, _import_id)
       SELECT ${fieldsSql.join(", ")}, CAST(attributes AS JSON), ${importId} FROM ${stage}`,
    );
    return { inserted: n?.n ?? 0, updated: 0, unchanged: 0, retired: 0 };
  }
  const table = ident(tableName(entity));
  const current = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${table} WHERE _known_to IS NULL`,
  );
  if ((current?.n ?? 0) === 0) {
    // Nothing known yet: every row is new, no versions to compare or close.
    const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${stage}`);
    await db.run(
      `INSERT INTO ${table} (${names.join(", ")}, attributes, _import_id, _row_hash, _known_from, _known_to)
       SELECT *, ${importId}, hash(${[...names, "attributes"].join(", ")}), CAST(? AS TIMESTAMP), NULL
       FROM (SELECT ${fieldsSql.join(", ")}, CAST(attributes AS JSON) AS attributes FROM ${stage})`,
      [knownFrom],
    );
    return { inserted: n?.n ?? 0, updated: 0, unchanged: 0, retired: 0 };
  }
  const keyEq = entity.key.map((k) => `v.${ident(k)} = i.${ident(k)}`).join(" AND ");
  await db.run(`CREATE OR REPLACE TEMP TABLE incoming AS
    SELECT *, hash(${[...names, "attributes"].join(", ")}) AS _row_hash
    FROM (SELECT ${fieldsSql.join(", ")}, CAST(attributes AS JSON) AS attributes FROM ${stage})`);
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
     SELECT ${entity.fields.map((f) => `i.${ident(f.name)}`).join(", ")}, i.attributes, ${importId}, i._row_hash,
            CAST(? AS TIMESTAMP), NULL
     FROM temp.main.incoming i
     WHERE NOT EXISTS (SELECT 1 FROM ${table} v WHERE ${keyEq} AND v._known_to IS NULL)`,
    [knownFrom],
  );
  await db.run("DROP TABLE temp.main.incoming");
  return {
    inserted: counts?.inserted ?? 0,
    updated: counts?.updated ?? 0,
    unchanged: counts?.unchanged ?? 0,
    retired,
  };
}
