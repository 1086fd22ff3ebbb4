import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  type CellIssue,
  type EntityMapping,
  type EntitySpec,
  type FieldSpec,
  type FieldType,
  makeRowParser,
  resolveHeader,
} from "../../core/model/index.js";
import type { Db } from "../store/db.js";
import { ident, literal } from "../store/ddl.js";
import type { IssueLog } from "./issues.js";
import { openSource } from "./source.js";
import { StageFileWriter } from "./stagefile.js";

/** What was staged from one source file. */
export interface StagedFile {
  readonly index: number;
  readonly path: string;
  readonly label: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
  /** Header binding, for the import report: field -> source column. */
  readonly bindings: Readonly<Record<string, string>>;
  /** Field -> 1-based source column, for messages about staged rows. */
  readonly columns: Readonly<Record<string, number>>;
  readonly unused: readonly string[];
}

/** Staged text, number or boolean type of each field type. */
const STAGE_TYPES: Record<FieldType, "VARCHAR" | "DOUBLE" | "BOOLEAN"> = {
  string: "VARCHAR",
  enum: "VARCHAR",
  tags: "VARCHAR",
  date: "VARCHAR",
  datetime: "VARCHAR",
  integer: "DOUBLE",
  number: "DOUBLE",
  boolean: "BOOLEAN",
};

/** Name of the temporary staging table of an entity. */
export function stageTable(entity: EntitySpec): string {
  return `stage_${entity.name}`;
}

/** Alternative (day/month) column of a date field in the staging table. */
export function altColumn(field: FieldSpec): string {
  return `${field.name}__alt`;
}

export interface StageProgress {
  /** Called with bytes read so far of the current file and its size. */
  onBytes(label: string, done: number, total: number): void;
}

/**
 * Read every file of one entity into a temporary staging table, parsing and checking each cell.
 * Cell problems go to `log` with file, line and column; nothing touches the store.
 */
export async function stageEntity(
  db: Db,
  entity: EntitySpec,
  paths: readonly string[],
  mapping: EntityMapping | undefined,
  log: IssueLog,
  fileIndexStart: number,
  progress?: StageProgress,
): Promise<StagedFile[]> {
  const table = stageTable(entity);
  const dateFields = entity.fields.filter((f) => f.type === "date" || f.type === "datetime");
  const cols = [
    "_file SMALLINT",
    "_line INTEGER",
    ...entity.fields.map((f) => `${ident(f.name)} ${STAGE_TYPES[f.type]}`),
    ...dateFields.map((f) => `${ident(altColumn(f))} VARCHAR`),
    "attributes VARCHAR",
  ];
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (${cols.join(", ")})`);
  const staged: StagedFile[] = [];
  let fileIndex = fileIndexStart;
  for (const path of paths) {
    staged.push(
      await stageFile(db.connection, entity, path, fileIndex, mapping, log, dateFields, progress),
    );
    fileIndex++;
  }
  return staged;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function stageFile(
  connection: DuckDBConnection,
  entity: EntitySpec,
  path: string,
  fileIndex: number,
  mapping: EntityMapping | undefined,
  log: IssueLog,
  dateFields: readonly FieldSpec[],
  progress?: StageProgress,
): Promise<StagedFile> {
  const digest = sha256(path);
  const source = await openSource(path, connection);
  const label = path;
  const resolution = resolveHeader(entity, source.header, mapping);
  for (const e of resolution.errors) {
    log.add({
      severity: "error",
      file: label,
      line: 1,
      column: e.column,
      code: "header",
      message: e.message,
    });
  }
  const bindings: Record<string, string> = {};
  const columns: Record<string, number> = {};
  entity.fields.forEach((f, i) => {
    const s = resolution.sources[i];
    if (s?.kind === "column") {
      bindings[f.name] = s.header;
      columns[f.name] = s.index + 1;
    } else if (s?.kind === "constant") bindings[f.name] = `= ${s.value}`;
  });
  const unused = resolution.unused.map((u) => u.header);
  if (resolution.errors.length > 0) {
    return {
      index: fileIndex,
      path,
      label,
      bytes: source.totalBytes,
      sha256: await digest,
      rows: 0,
      bindings,
      columns,
      unused,
    };
  }

  const parser = makeRowParser(entity, resolution.sources, resolution.unused, mapping);
  const writer = new StageFileWriter();
  let rows = 0;
  const cellIssues: CellIssue[] = [];
  try {
    for await (const batch of source.batches()) {
      for (const row of batch) {
        cellIssues.length = 0;
        const staged = parser.parse(row.fields, row.line, cellIssues);
        for (const ci of cellIssues) {
          log.add({
            severity: "error",
            file: label,
            line: row.line,
            column: ci.column,
            code: "cell",
            message: ci.message,
          });
        }
        writer.row(fileIndex, row.line, staged.values, staged.alts, staged.attributes);
        rows++;
      }
      progress?.onBytes(label, source.bytesRead(), source.totalBytes);
    }
    writer.close();
    if (rows > 0) await loadStageFile(connection, entity, writer.path, dateFields);
  } finally {
    writer.remove();
  }
  for (const p of [...source.problems].sort((a, b) => a.line - b.line || a.column - b.column)) {
    log.add({
      severity: "error",
      file: label,
      line: p.line,
      column: p.column,
      code: p.code,
      message: p.message,
    });
  }
  if (rows === 0 && source.problems.length === 0) {
    log.add({
      severity: "warning",
      file: label,
      line: 0,
      column: 0,
      code: "empty",
      message: "file has no data rows",
    });
  }
  // The day/month order of slash dates is decided per file, once every row has been seen.
  for (let k = 0; k < dateFields.length; k++) {
    const field = dateFields[k] as FieldSpec;
    const decision = parser.resolvers[k]?.decide();
    if (!decision) continue;
    const col = resolution.sources[entity.fields.indexOf(field)];
    const column = col?.kind === "column" ? col.index + 1 : 0;
    if (!decision.ok) {
      log.add({
        severity: "error",
        file: label,
        line: 1,
        column,
        code: "date_order",
        message: `${field.name}: ${decision.reason}`,
      });
    } else if (decision.order === "DMY") {
      await connection.run(
        `UPDATE temp.main.${ident(stageTable(entity))} SET ${ident(field.name)} = ${ident(altColumn(field))}
         WHERE _file = ${fileIndex} AND ${ident(altColumn(field))} IS NOT NULL`,
      );
    }
  }
  return {
    index: fileIndex,
    path,
    label,
    bytes: source.totalBytes,
    sha256: await digest,
    rows,
    bindings,
    columns,
    unused,
  };
}

async function loadStageFile(
  connection: DuckDBConnection,
  entity: EntitySpec,
  path: string,
  dateFields: readonly FieldSpec[],
): Promise<void> {
  const columns = [
    ["_file", "SMALLINT"],
    ["_line", "INTEGER"],
    ...entity.fields.map((f) => [f.name, STAGE_TYPES[f.type]]),
    ...dateFields.map((f) => [altColumn(f), "VARCHAR"]),
    ["attributes", "VARCHAR"],
  ]
    .map(([n, t]) => `${literal(n ?? "")}: ${literal(t ?? "")}`)
    .join(", ");
  await connection.run(
    `INSERT INTO temp.main.${ident(stageTable(entity))} SELECT * FROM read_csv(${literal(path)},
       header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n',
       columns = {${columns}})`,
  );
}
