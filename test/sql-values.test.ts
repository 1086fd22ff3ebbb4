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

const SQL =
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|ALTER TABLE|WHERE|CASE WHEN|WHEN|read_csv|read_parquet|COPY)\b/;
/** An interpolation in a value's place, unless it is `ident()`/`sqlValue()` or qualifies a column (`${t}.x`). */
const VALUE_SLOT =
  /(?:<>|!=|<=|>=|=|<|>|\s[-+*/]|\bLIMIT|\bOFFSET|\bINTERVAL|\bDATE|\bTIMESTAMP|\bBETWEEN)\s*\$\{(?!ident\(|sqlValue\()[^{}]*\}(?!\.)/i;

/** The 1-based lines covered by template literals whose text looks like SQL (nested ones included). */
function sqlTemplateLines(text: string): Set<number> {
  type Ctx = { kind: "code"; depth: number } | { kind: "tpl"; start: number; line: number };
  const lines = new Set<number>();
  const stack: Ctx[] = [{ kind: "code", depth: 0 }];
  let line = 1;
  let prev = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const top = stack[stack.length - 1] as Ctx;
    if (ch === "\n") line++;
    if (top.kind === "tpl") {
      if (ch === "\\") {
        if (text[i + 1] === "\n") line++;
        i++;
      } else if (ch === "`") {
        stack.pop();
        if (SQL.test(text.slice(top.start, i + 1)))
          for (let l = top.line; l <= line; l++) lines.add(l);
      } else if (ch === "$" && text[i + 1] === "{") {
        stack.push({ kind: "code", depth: 0 });
        i++;
      }
      continue;
    }
    if (ch === "/" && text[i + 1] === "/") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 1;
      for (let j = i; j < stop; j++) if (text[j] === "\n") line++;
      i = stop;
    } else if (ch === "/" && /[(,=:[!&|?{};]|^$/.test(prev)) {
      // A regular expression literal: skip to its closing slash (outside a character class).
      let cls = false;
      for (i++; i < text.length && text[i] !== "\n"; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "[") cls = true;
        else if (text[i] === "]") cls = false;
        else if (text[i] === "/" && !cls) break;
      }
    } else if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch && text[i] !== "\n"; i++)
        if (text[i] === "\\") i++;
    } else if (ch === "`") stack.push({ kind: "tpl", start: i, line });
    else if (ch === "{") top.depth++;
    else if (ch === "}") {
      if (top.depth === 0 && stack.length > 1) stack.pop();
      else top.depth--;
    }
    if (!/\s/.test(ch)) prev = ch;
  }
  return lines;
}

function sqlValueViolations(path: string, text: string): string[] {
  if (!SQL.test(text)) return [];
  const sqlLines = sqlTemplateLines(text);
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    const where = `${relative(join(ROOT, ".."), path)}:${i + 1}`;
    if (
      /(?<![.\w])literal\(|\(literal\)/.test(line) &&
      !path.endsWith("ddl.ts") &&
      !/\bATTACH\b/.test(line)
    )
      out.push(`${where}: literal() quotes a value into SQL: ${line.trim()}`);
    if (!sqlLines.has(i + 1)) return;
    if (line.includes("'${") && !path.endsWith("ddl.ts"))
      out.push(`${where}: value interpolated inside SQL quotes: ${line.trim()}`);
    if (VALUE_SLOT.test(line)) out.push(`${where}: value interpolated into SQL: ${line.trim()}`);
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
      "const known = KINDS.map(literal).join(', '); db.all(`SELECT 1 FROM t WHERE k IN (${known})`)",
      "db.all(`SELECT *\n  FROM t\n  WHERE x > CAST($a AS DATE) - INTERVAL ${n} DAY`)",
    ];
    for (const b of bad) expect(sqlValueViolations(join(ROOT, "x.ts"), b), b).not.toEqual([]);
    const good = [
      "db.all(`SELECT * FROM ${ident(t)} WHERE d = CAST($as_of AS DATE)`, { as_of })",
      "`WHEN ${employees} < ${sqlValue(b.below)} THEN ${sqlValue(b.label)}`",
      "db.run(`ATTACH ${literal(path)} AS store`)",
      "`SELECT 1 FROM o WHERE o.id = ${t}.id`",
      "const label = `${m.measure}: min / max = ${num(m.min)} / ${num(m.max)}`",
      "throw new Error(`unknown plan subcommand '${sub}'`)",
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
    expect([...found].flatMap(([, v]) => v)).toEqual([]);
  });
});
