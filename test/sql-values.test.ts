/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: the cases are SQL source text */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Lint: no SQL value is quoted or interpolated into SQL text. Values go through named parameters
 * (`$as_of` + `{ as_of }`) or `sqlValue()` placeholders; identifiers through `ident()`.
 * Flags, in source files that talk SQL: (1) `literal(` (the string-quoting helper) outside
 * ddl.ts, (2) `'${` (an interpolation inside SQL quotes), (3) an interpolation right after a
 * comparison, arithmetic, LIMIT/OFFSET, INTERVAL or DATE/TIMESTAMP that is not `ident()`/`sqlValue()`.
 * ATTACH takes no parameters: its path goes through `literal()` on the ATTACH line only.
 */
const ROOT = join(import.meta.dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const SQL = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|read_csv|read_parquet|COPY)\b/;
/** An interpolation in a value's place, unless it is `ident()`/`sqlValue()` or qualifies a column (`${t}.x`). */
const VALUE_SLOT =
  /(?:<>|!=|<=|>=|=|<|>|\s[-+*/]|\bLIMIT|\bOFFSET|\bINTERVAL|\bDATE|\bTIMESTAMP|\bBETWEEN)\s*\$\{(?!ident\(|sqlValue\()[^{}]*\}(?!\.)/i;

/** Known sites still to convert, by file: imports ("imports" owns src/io/import; see coord notes). */
const PENDING: Readonly<Record<string, number>> = {
  "src/io/import/checks.ts": 6,
  "src/io/import/source.ts": 1,
  "src/io/import/stage.ts": 4,
};

function sqlValueViolations(path: string, text: string): string[] {
  if (!SQL.test(text)) return [];
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    const where = `${relative(join(ROOT, ".."), path)}:${i + 1}`;
    if (/(?<![.\w])literal\(/.test(line) && !path.endsWith("ddl.ts") && !/\bATTACH\b/.test(line))
      out.push(`${where}: literal() quotes a value into SQL: ${line.trim()}`);
    if (line.includes("'${") && !path.endsWith("ddl.ts"))
      out.push(`${where}: value interpolated inside SQL quotes: ${line.trim()}`);
    if (VALUE_SLOT.test(line) && line.includes("`"))
      out.push(`${where}: value interpolated into SQL: ${line.trim()}`);
  });
  return out;
}

describe("SQL values", () => {
  it("the lint catches each kind of interpolated value", () => {
    const bad = [
      "db.all(`SELECT * FROM t WHERE d = DATE ${literal(asOf)}`)",
      "db.all(`SELECT * FROM t WHERE name = '${name}'`)",
      "db.all(`SELECT * FROM t LIMIT ${n}`)",
      "db.all(`SELECT * FROM t WHERE x > ${t} - INTERVAL ${n} DAY`)",
      "db.all(`SELECT * FROM t WHERE _file = ${f.index}`)",
      "db.all(`SELECT _line + ${offset} AS _line FROM t`)",
    ];
    for (const b of bad) expect(sqlValueViolations(join(ROOT, "x.ts"), b), b).not.toEqual([]);
    const good = [
      "db.all(`SELECT * FROM ${ident(t)} WHERE d = CAST($as_of AS DATE)`, { as_of })",
      "`WHEN ${employees} < ${sqlValue(b.below)} THEN ${sqlValue(b.label)}`",
      "db.run(`ATTACH ${literal(path)} AS store`)",
      "`SELECT 1 FROM o WHERE o.id = ${t}.id`",
    ];
    for (const g of good)
      expect(sqlValueViolations(join(ROOT, "x.ts"), `SELECT\n${g}`), g).toEqual([]);
  });

  it("no SQL value is interpolated into a string anywhere in src", () => {
    const found = new Map<string, string[]>();
    for (const f of files(ROOT)) {
      const v = sqlValueViolations(f, readFileSync(f, "utf8"));
      if (v.length) found.set(relative(join(ROOT, ".."), f), v);
    }
    const unexpected = [...found].filter(([f, v]) => v.length > (PENDING[f] ?? 0));
    expect(unexpected.flatMap(([, v]) => v)).toEqual([]);
  });
});
