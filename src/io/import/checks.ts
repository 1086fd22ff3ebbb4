import type { ImportCode } from "../../core/codes/import.js";
import {
  ENTITIES,
  type EntityName,
  type EntitySpec,
  type FieldSpec,
  findLookalikes,
  SIGNAL_KINDS,
} from "../../core/model/index.js";
import { INVISIBLE, LOOKALIKES } from "../../core/text/printable.js";
import type { Db } from "../store/db.js";
import { ident } from "../store/ddl.js";
import { sqlValue } from "../store/sql.js";
import type { IssueLog } from "./issues.js";
import { stageTable } from "./stage.js";

/** What the checks can see: which entities are staged now, which the store already holds. */
export interface CheckContext {
  readonly db: Db;
  readonly log: IssueLog;
  /** File index -> label, for messages about staged rows. */
  readonly labels: ReadonlyMap<number, string>;
  /** 1-based source column of a field in a file (0 when unknown). */
  columnOf(file: number, field: string): number;
  /** Entity -> indices of its files in this import. */
  readonly entityFiles: ReadonlyMap<EntityName, readonly number[]>;
  readonly staged: ReadonlySet<EntityName>;
  readonly stored: ReadonlySet<EntityName>;
  /** How many examples of one kind of error to list before summarising. */
  readonly examples: number;
  /** Blank cells and absent columns clear stored values (else they keep them). */
  readonly replaceMissing?: boolean;
  /** Keep facts repeated inside the import (else each is kept once, with a warning). */
  readonly keepDuplicateFacts?: boolean;
}

const spec = (name: EntityName) => ENTITIES.find((e) => e.name === name) as EntitySpec;
const S = (e: EntitySpec) => `temp.main.${ident(stageTable(e))}`;
const statusSynonyms =
  spec("opportunities").fields.find((f) => f.name === "status")?.synonyms ?? {};

/**
 * Fill derived fields in the staging table: opportunity status from IsClosed/IsWon or the stage
 * name when no status column is given; signal kinds in snake_case.
 */
export async function deriveFields(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  const t = S(entity);
  if (entity.name === "opportunities" || entity.name === "opportunity_history") {
    const cases = Object.entries(statusSynonyms)
      .map(([k, v]) => `WHEN lower(trim(stage)) = ${sqlValue(k)} THEN ${sqlValue(v)}`)
      .join(" ");
    // A stored deal updated by a file without status, stage or IsClosed keeps its status.
    const keepStored =
      entity.name === "opportunities" && ctx.stored.has("opportunities") && !ctx.replaceMissing
        ? `WHEN stage IS NULL AND EXISTS (SELECT 1 FROM opportunities o WHERE o.opportunity_id = ${t}.opportunity_id) THEN NULL`
        : "";
    await ctx.db.run(`UPDATE ${t} SET status = CASE
        WHEN is_closed IS NOT NULL THEN CASE WHEN NOT is_closed THEN 'open' WHEN is_won THEN 'won' ELSE 'lost' END
        ${cases}
        WHEN lower(stage) LIKE 'closed%won%' THEN 'won'
        WHEN lower(stage) LIKE 'closed%lost%' OR lower(stage) LIKE 'closed%' THEN 'lost'
        ${keepStored}
        ELSE 'open' END
      WHERE status IS NULL`);
    const bad = await ctx.db.all<{ _file: number; _line: number; status: string }>(
      `SELECT _file, _line, status FROM ${t}
       WHERE (is_won AND status <> 'won') OR (is_closed = false AND status <> 'open') LIMIT 20`,
    );
    for (const b of bad) {
      ctx.log.add({
        severity: "warning",
        file: ctx.labels.get(b._file) ?? "",
        line: b._line,
        column: 0,
        code: "status_conflict",
        message: `status ${b.status} disagrees with IsClosed/IsWon; the status column was kept`,
      });
    }
  }
  if (entity.name === "signals") {
    await ctx.db.run(
      `UPDATE ${t} SET kind = regexp_replace(lower(trim(kind)), '[^a-z0-9]+', '_', 'g') WHERE kind IS NOT NULL AND NOT regexp_full_match(kind, '[a-z0-9_]+')`,
    );
  }
}

/** Duplicate keys inside the files being imported are errors, each naming the first occurrence. */
export async function checkDuplicates(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  if (entity.key.length === 0) return;
  const keys = entity.key.map(ident).join(", ");
  const notNull = entity.key.map((k) => `${ident(k)} IS NOT NULL`).join(" AND ");
  // Find the repeated keys first (cheap), then gather where each occurs.
  const rows = await ctx.db.all<{ k: string; files: number[]; lines: number[]; n: number }>(
    `WITH d AS (SELECT ${keys} FROM ${S(entity)} WHERE ${notNull} GROUP BY ${keys} HAVING count(*) > 1)
     SELECT concat_ws(' / ', ${entity.key.map((k) => `CAST(s.${ident(k)} AS VARCHAR)`).join(", ")}) AS k,
            list(_file ORDER BY _file, _line) AS files, list(_line ORDER BY _file, _line) AS lines, count(*) AS n
     FROM ${S(entity)} s JOIN d USING (${keys})
     GROUP BY ${entity.key.map((k) => `s.${ident(k)}`).join(", ")} ORDER BY min(_file), min(_line) LIMIT ${sqlValue(ctx.examples)}`,
  );
  for (const r of rows) {
    const first = `${ctx.labels.get(r.files[0] ?? 0)}:${r.lines[0]}`;
    for (let i = 1; i < r.files.length; i++) {
      ctx.log.add({
        severity: "error",
        file: ctx.labels.get(r.files[i] ?? 0) ?? "",
        line: r.lines[i] ?? 0,
        column: ctx.columnOf(r.files[i] ?? 0, entity.key[0] ?? ""),
        code: "duplicate_key",
        message: `duplicate ${entity.key.join(" + ")} "${r.k}" (first at ${first})`,
      });
    }
  }
}

/**
 * Facts (entities without a key) are identified by their content: rows equal in every field are
 * one fact. Repeats inside the import are reported with their lines and kept once.
 */
export async function checkDuplicateFacts(ctx: CheckContext, entity: EntitySpec): Promise<number> {
  if (entity.key.length > 0 || ctx.keepDuplicateFacts) return 0;
  const t = S(entity);
  const cols = entity.fields.map((f) => ident(f.name)).join(", ");
  // Each row's content hash is computed once; the rows of repeated hashes are then compared in full.
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE fact_repeats AS
    WITH x AS MATERIALIZED (SELECT rowid AS r, hash(${cols}) AS h FROM ${t}),
    c AS (SELECT r FROM x WHERE h IN (SELECT h FROM x GROUP BY h HAVING count(*) > 1))
    SELECT rowid AS r, _file, _line,
           row_number() OVER (PARTITION BY ${cols} ORDER BY _file, _line) AS k,
           first_value(_file) OVER (PARTITION BY ${cols} ORDER BY _file, _line) AS first_file,
           first_value(_line) OVER (PARTITION BY ${cols} ORDER BY _file, _line) AS first_line
    FROM ${t} WHERE rowid IN (SELECT r FROM c)`);
  const repeats = await ctx.db.all<{ _file: number; _line: number; ff: number; fl: number }>(
    `SELECT _file, _line, first_file AS ff, first_line AS fl FROM temp.main.fact_repeats
     WHERE k > 1 ORDER BY _file, _line LIMIT ${sqlValue(ctx.examples)}`,
  );
  const n =
    (
      await ctx.db.one<{ n: number }>(
        "SELECT count(*) AS n FROM temp.main.fact_repeats WHERE k > 1",
      )
    )?.n ?? 0;
  for (const r of repeats) {
    const same = r.ff === r._file ? `line ${r.fl}` : `${ctx.labels.get(r.ff) ?? ""}:${r.fl}`;
    ctx.log.add({
      severity: "warning",
      file: ctx.labels.get(r._file) ?? "",
      line: r._line,
      column: 0,
      code: "duplicate_fact",
      message: `the same ${entity.name} row as ${same}: kept once`,
    });
  }
  ctx.log.addUncounted(n - repeats.length, "warning");
  await ctx.db.run(
    `DELETE FROM ${t} WHERE rowid IN (SELECT r FROM temp.main.fact_repeats WHERE k > 1)`,
  );
  await ctx.db.run("DROP TABLE temp.main.fact_repeats");
  return n;
}

/** Coordinate pairs of each entity: [latitude, longitude]. */
const COORDINATES: Partial<Record<EntityName, [string, string]>> = {
  accounts: ["latitude", "longitude"],
  reps: ["home_latitude", "home_longitude"],
};

/**
 * Amounts that cannot be negative (errors: counts and sizes) and those that rarely are
 * (warnings: money that a credit note or refund could make negative).
 */
const NON_NEGATIVE: Partial<Record<EntityName, { errors: string[]; warnings: string[] }>> = {
  accounts: { errors: ["employees", "annual_revenue"], warnings: [] },
  reps: { errors: ["capacity", "annual_quota"], warnings: [] },
  products: { errors: [], warnings: ["list_price"] },
  opportunities: { errors: [], warnings: ["amount"] },
  opportunity_history: { errors: [], warnings: ["amount"] },
  revenue: { errors: [], warnings: ["mrr"] },
};

/**
 * Values no export means: latitudes beyond ±90 or longitudes beyond ±180 (errors; named as a
 * likely swap when the pair fits the other way round), negative counts and sizes (errors),
 * negative money (warnings). Each finding names its file, line and column.
 */
export async function checkValues(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  const t = S(entity);
  const pair = COORDINATES[entity.name];
  const at = (
    code: ImportCode,
    severity: "error" | "warning",
    field: string,
    sql: string,
    say: (r: { _file: number; _line: number; a: number; b: number }) => string,
  ) =>
    ctx.db
      .all<{ _file: number; _line: number; a: number; b: number }>(
        `${sql} ORDER BY _file, _line LIMIT ${sqlValue(ctx.examples)}`,
      )
      .then((rows) => {
        for (const r of rows) {
          ctx.log.add({
            severity,
            file: ctx.labels.get(r._file) ?? "",
            line: r._line,
            column: ctx.columnOf(r._file, field),
            code,
            message: say(r),
          });
        }
      });
  if (pair) {
    const [lat, lon] = pair.map(ident) as [string, string];
    await at(
      "coordinate_swap",
      "error",
      pair[0],
      `SELECT _file, _line, ${lat} AS a, ${lon} AS b FROM ${t}
       WHERE (abs(${lat}) > 90 OR abs(${lon}) > 180) AND abs(${lon}) <= 90 AND abs(${lat}) <= 180`,
      (r) =>
        `${pair[0]} ${r.a} and ${pair[1]} ${r.b}: latitude beyond ±90, most likely the two are swapped`,
    );
    await at(
      "coordinate_range",
      "error",
      pair[0],
      `SELECT _file, _line, ${lat} AS a, ${lon} AS b FROM ${t}
       WHERE (abs(${lat}) > 90 OR abs(${lon}) > 180) AND NOT (abs(${lon}) <= 90 AND abs(${lat}) <= 180)`,
      (r) => `${pair[0]} ${r.a} / ${pair[1]} ${r.b}: outside ±90 / ±180`,
    );
  }
  const signs = NON_NEGATIVE[entity.name];
  for (const [severity, fields] of [
    ["error", signs?.errors ?? []],
    ["warning", signs?.warnings ?? []],
  ] as const) {
    for (const f of fields) {
      await at(
        "negative_value",
        severity,
        f,
        `SELECT _file, _line, ${ident(f)} AS a, 0 AS b FROM ${t} WHERE ${ident(f)} < 0`,
        (r) => `${f} ${r.a} is negative${severity === "warning" ? "; kept as written" : ""}`,
      );
    }
  }
}

/**
 * An id that differs from another one only by invisible characters or look-alike letters of
 * another script would silently make a new record: an error naming both (the stored id when there
 * is one, so the message is the same on every run).
 */
export async function checkIdLookalikes(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  const key = entity.key[0];
  if (!key || entity.key.length !== 1) return;
  const k = ident(key);
  const invisible = INVISIBLE.source.replace(/\\u([0-9a-fA-F]{4})/g, "\\x{$1}");
  const from = Object.keys(LOOKALIKES).join("");
  const to = Object.values(LOOKALIKES).join("");
  const norm = (c: string) =>
    `translate(regexp_replace(${c}, ${sqlValue(invisible)}, '', 'g'), ${sqlValue(from)}, ${sqlValue(to)})`;
  const odd = `regexp_matches(${k}, ${sqlValue(`${invisible}|[${from}]`)})`;
  // Only a staged id with such characters can be one: almost every import has none (one scan).
  const any = await ctx.db.one<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM ${S(entity)} WHERE ${odd} LIMIT 1)`,
  );
  if ((any?.n ?? 0) === 0) return;
  const others = [`SELECT ${k} AS id, false AS stored FROM ${S(entity)}`];
  if (ctx.stored.has(entity.name))
    others.push(`SELECT ${k} AS id, true AS stored FROM ${ident(entity.name)}`);
  const rows = await ctx.db.all<{ _file: number; _line: number; id: string; other: string }>(
    `WITH o AS (SELECT DISTINCT id, stored, ${norm("id")} AS n FROM (${others.join(" UNION ALL ")}))
     SELECT s._file, s._line, s.${k} AS id, first(o.id ORDER BY o.stored DESC, o.id) AS other
     FROM ${S(entity)} s JOIN o ON o.n = ${norm(`s.${k}`)} AND o.id <> s.${k}
     WHERE ${odd.replace(k, `s.${k}`)}
     GROUP BY ALL ORDER BY s._file, s._line LIMIT ${sqlValue(ctx.examples)}`,
  );
  for (const r of rows) {
    ctx.log.add({
      severity: "error",
      file: ctx.labels.get(r._file) ?? "",
      line: r._line,
      column: ctx.columnOf(r._file, key),
      code: "id_lookalike",
      message: `${key} "${r.id}" differs from "${r.other}" only by invisible or look-alike characters: it would make a new ${entity.name} row (fix the id in the file)`,
    });
  }
}

/** Where the ids of an entity can come from: the store's current rows and the staged rows. */
function targetIds(ctx: CheckContext, target: EntitySpec): string | null {
  const key = target.key[0];
  if (!key) return null;
  const parts: string[] = [];
  if (ctx.stored.has(target.name))
    parts.push(`SELECT ${ident(key)} AS id FROM ${ident(target.name)}`);
  if (ctx.staged.has(target.name)) parts.push(`SELECT ${ident(key)} AS id FROM ${S(target)}`);
  return parts.length > 0 ? parts.join(" UNION ") : null;
}

/** References to other entities: unknown ids are errors or warnings per the field's policy. */
export async function checkReferences(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  for (const field of entity.fields) {
    if (!field.ref) continue;
    const target = spec(field.ref.entity);
    const ids = targetIds(ctx, target);
    const col = ident(field.name);
    const stageHas = await ctx.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${S(entity)} WHERE ${col} IS NOT NULL`,
    );
    if (!stageHas || stageHas.n === 0) continue;
    if (ids === null) {
      const msg = `${field.name}: no ${target.name} in the store or in this import to check references against`;
      if (field.ref.policy === "error") {
        ctx.log.add({
          severity: "error",
          file: ctx.labels.get(firstFile(ctx, entity)) ?? "",
          line: 0,
          column: 0,
          code: "reference",
          message: `${msg}; import ${target.name} first or in the same command`,
        });
      } else {
        ctx.log.add({
          severity: "warning",
          file: "",
          line: 0,
          column: 0,
          code: "reference",
          message: msg,
        });
      }
      continue;
    }
    const unknown = await ctx.db.all<{
      v: string;
      n: number;
      file: number;
      line: number;
      near: string | null;
    }>(
      `WITH ids AS (${ids}),
       u AS (SELECT ${col} AS v, count(*) AS n, arg_min(_file, _file * 100000000 + _line) AS file,
                    arg_min(_line, _file * 100000000 + _line) AS line
             FROM ${S(entity)} s WHERE ${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ids WHERE ids.id = s.${col})
             GROUP BY ${col}),
       k AS (SELECT id, lower(regexp_replace(id, '[^A-Za-z0-9]', '', 'g')) AS nk FROM ids)
       SELECT u.v, u.n, u.file, u.line, (SELECT any_value(k.id) FROM k
              WHERE k.nk = lower(regexp_replace(u.v, '[^A-Za-z0-9]', '', 'g'))) AS near
       FROM u ORDER BY u.n DESC, u.v LIMIT 1000`,
    );
    reportUnknown(ctx, entity, field, target, unknown);
  }
}

/** The first file of an entity in this import, for findings about the whole entity. */
function firstFile(ctx: CheckContext, entity: EntitySpec): number {
  return ctx.entityFiles.get(entity.name)?.[0] ?? 0;
}

function reportUnknown(
  ctx: CheckContext,
  entity: EntitySpec,
  field: FieldSpec,
  target: EntitySpec,
  unknown: readonly { v: string; n: number; file: number; line: number; near: string | null }[],
): void {
  const policy = field.ref?.policy ?? "warn";
  for (const u of unknown.filter((x) => x.near !== null)) {
    ctx.log.add({
      severity: "warning",
      file: ctx.labels.get(u.file) ?? "",
      line: u.line,
      column: ctx.columnOf(u.file, field.name),
      code: "near_match",
      message: `${field.name} "${u.v}" (${u.n} rows) is not among ${target.name} but matches "${u.near}" after normalising; not fixed (map it in a mapping file's "values" if they are the same)`,
    });
  }
  const rest = unknown.filter((x) => x.near === null || policy === "error");
  if (rest.length === 0) return;
  if (policy === "error") {
    for (const u of rest.slice(0, ctx.examples)) {
      ctx.log.add({
        severity: "error",
        file: ctx.labels.get(u.file) ?? "",
        line: u.line,
        column: ctx.columnOf(u.file, field.name),
        code: "reference",
        message: `${field.name} "${u.v}" not found among ${target.name}${u.n > 1 ? ` (${u.n} rows)` : ""}`,
      });
    }
    if (rest.length > ctx.examples) {
      ctx.log.add({
        severity: "error",
        file: ctx.labels.get(rest[0]?.file ?? 0) ?? "",
        line: 0,
        column: 0,
        code: "reference",
        message: `${field.name}: ${rest.length} distinct values not found among ${target.name}`,
      });
    }
  } else {
    const rows = rest.reduce((s, u) => s + u.n, 0);
    const eg = rest
      .slice(0, 3)
      .map((u) => `"${u.v}"`)
      .join(", ");
    ctx.log.add({
      severity: "warning",
      file: ctx.labels.get(rest[0]?.file ?? 0) ?? "",
      line: 0,
      column: 0,
      code: "reference",
      message: `${entity.name}.${field.name}: ${rest.length} value(s) in ${rows} rows are not ${target.name} (e.g. ${eg}); kept as written`,
    });
  }
}

/**
 * Data-quality findings that do not stop an import: likely misspellings of categorical values,
 * missing optional references, and facts later stages must know (undated or zero-amount deals).
 */
export async function qualityWarnings(ctx: CheckContext, entity: EntitySpec): Promise<void> {
  const t = S(entity);
  const total = (await ctx.db.one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0;
  if (total === 0) return;
  const warn = (code: ImportCode, message: string) =>
    ctx.log.add({
      severity: "warning",
      file: ctx.labels.get(firstFile(ctx, entity)) ?? "",
      line: 0,
      column: 0,
      code,
      message,
    });
  // Only categorical columns: few distinct values relative to the rows (one cheap pass for all).
  const candidates = entity.fields.filter(
    (f) => f.type === "string" && !f.ref && !f.freeText && !entity.key.includes(f.name),
  );
  const distinct = candidates.length
    ? await ctx.db.one<Record<string, number>>(
        `SELECT ${candidates.map((f) => `approx_count_distinct(${ident(f.name)}) AS ${ident(f.name)}`).join(", ")} FROM ${t}`,
      )
    : undefined;
  const categorical = candidates.filter((f) => {
    const d = distinct?.[f.name] ?? 0;
    return d >= 2 && d <= 500 && d <= total / 2;
  });
  // Value counts of every categorical column in one pass.
  const grouped = categorical.length
    ? await ctx.db.all<{ field: string; value: string; count: number }>(
        `SELECT CASE ${categorical.map((f) => `WHEN GROUPING(${ident(f.name)}) = 0 THEN ${sqlValue(f.name)}`).join(" ")} END AS field,
                coalesce(${categorical.map((f) => ident(f.name)).join(", ")}) AS value, count(*) AS count
         FROM ${t} GROUP BY GROUPING SETS (${categorical.map((f) => `(${ident(f.name)})`).join(", ")})`,
      )
    : [];
  for (const field of categorical) {
    const col = ident(field.name);
    const counts = grouped.filter((g) => g.field === field.name && g.value !== null);
    for (const l of findLookalikes(counts, field.vocabulary)) {
      const first = await ctx.db.one<{ _file: number; _line: number }>(
        `SELECT _file, _line FROM ${t} WHERE ${col} = ? ORDER BY _file, _line LIMIT 1`,
        [l.value],
      );
      ctx.log.add({
        severity: "warning",
        file: ctx.labels.get(first?._file ?? 0) ?? "",
        line: first?._line ?? 0,
        column: ctx.columnOf(first?._file ?? 0, field.name),
        code: "lookalike",
        message: `${field.name} "${l.value}" (${l.count} rows) looks like ${l.reason === "normalised" ? "another spelling of" : "a misspelling of"} "${l.like}"; kept as written (map it in a mapping file's "values" to fix)`,
      });
    }
  }
  if (entity.name === "opportunities") {
    const q = await ctx.db.one<{
      no_account: number;
      undated: number;
      lost_zero: number;
      closed_undated: number;
    }>(
      `SELECT count(*) FILTER (WHERE account_id IS NULL) AS no_account,
              count(*) FILTER (WHERE created_date IS NULL) AS undated,
              count(*) FILTER (WHERE status = 'lost' AND amount = 0) AS lost_zero,
              count(*) FILTER (WHERE status <> 'open' AND close_date IS NULL) AS closed_undated
       FROM ${t}`,
    );
    if (q?.no_account) {
      warn(
        "no_account",
        `${q.no_account} of ${total} opportunities have no account_id: kept, left out of account-level analytics`,
      );
    }
    if (q?.undated) {
      warn(
        "undated",
        `${q.undated} opportunities have no created_date: as-of queries and backtests cannot place them in time`,
      );
    }
    if (q?.closed_undated) {
      warn("closed_undated", `${q.closed_undated} closed opportunities have no close_date`);
    }
    const backwards = await ctx.db.all<{ f: number; l: number; id: string }>(
      `SELECT _file AS f, _line AS l, opportunity_id AS id FROM ${t}
       WHERE close_date < created_date ORDER BY _file, _line LIMIT ${sqlValue(ctx.examples)}`,
    );
    for (const b of backwards) {
      ctx.log.add({
        severity: "warning",
        file: ctx.labels.get(b.f) ?? "",
        line: b.l,
        column: ctx.columnOf(b.f, "close_date"),
        code: "close_before_created",
        message: `opportunity ${b.id} closes before it was created: kept; forecasts do not learn its timing`,
      });
    }
    if (q?.lost_zero) {
      warn(
        "lost_zero",
        `${q.lost_zero} lost opportunities have amount 0: lost deal sizes are unknown, not zero`,
      );
    }
  }
  if (entity.name === "quotas") {
    const bad = await ctx.db.all<{ f: number; l: number; rep: string }>(
      `SELECT _file AS f, _line AS l, rep_id AS rep FROM ${t}
       WHERE period_end < period_start ORDER BY _file, _line LIMIT ${sqlValue(ctx.examples)}`,
    );
    for (const b of bad) {
      ctx.log.add({
        severity: "error",
        file: ctx.labels.get(b.f) ?? "",
        line: b.l,
        column: ctx.columnOf(b.f, "period_end"),
        code: "period_order",
        message: `quota of ${b.rep} ends before it starts`,
      });
    }
  }
  if (entity.name === "accounts") {
    // Stored accounts keep their coordinates when the file has none (unless replaced).
    const fresh =
      ctx.stored.has("accounts") && !ctx.replaceMissing
        ? `WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = ${t}.account_id)`
        : "";
    const g = await ctx.db.one<{ n: number; located: number; regional: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE latitude IS NOT NULL AND longitude IS NOT NULL) AS located,
              count(*) FILTER (WHERE postal_code IS NOT NULL OR state IS NOT NULL OR county_fips IS NOT NULL) AS regional
       FROM ${t} ${fresh}`,
    );
    if (g && g.located < g.n) {
      const countryOnly = g.n - Math.max(g.located, g.regional);
      warn(
        "geography",
        `${g.n - g.located} of ${g.n} ${fresh ? "new " : ""}accounts have no coordinates${countryOnly > 0 ? `; ${countryOnly} have no state, postal code or county either (country-level geography only)` : ""}`,
      );
    }
  }
  if (entity.name === "signals") {
    const known = SIGNAL_KINDS.map((k) => sqlValue(k)).join(", ");
    const other = await ctx.db.all<{ kind: string; n: number }>(
      `SELECT kind, count(*) AS n FROM ${t} WHERE kind NOT IN (${known}) GROUP BY kind ORDER BY n DESC LIMIT 10`,
    );
    if (other.length > 0) {
      warn(
        "signal_kind",
        `signal kinds outside the known set (${SIGNAL_KINDS.join(", ")}) kept as written: ${other.map((o) => `${o.kind} (${o.n})`).join(", ")}`,
      );
    }
  }
}
