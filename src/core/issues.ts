/**
 * One `Issue` type for every problem the product reports: imports, configs, plan prechecks, rule
 * violations, command-line usage. Problems are values with a code (never prose to match on).
 *
 * Usage:
 * - Declare a module's codes in one `as const` array in `src/core/codes/<module>.ts` and add one
 *   line to `ISSUE_CODE_GROUPS` below; the `IssueCode` union follows.
 * - Build issues with `issue(code, message, { path, ids, data })`; say where (file/line/column,
 *   or a JSON path into a config) and which domain ids are involved (`rep_id`, `account_id`, ...),
 *   never internal indices.
 * - Render with `formatIssue` (one line, `file:line:column: warning: message`); store as JSON.
 * - Tests assert `code` (and ids/path), not the message.
 */
import { ANALYTICS_CODES } from "./codes/analytics.js";
import { BOOKS_CODES } from "./codes/books.js";
import { CLI_CODES } from "./codes/cli.js";
import { CONFIG_CODES } from "./codes/config.js";
import { CSV_CODES } from "./codes/csv.js";
import { CTDP_CODES } from "./codes/ctdp.js";
import { FORECAST_CODES } from "./codes/forecast.js";
import { IMPORT_CODES } from "./codes/import.js";
import { MODEL_CODES } from "./codes/model.js";
import { ORG_CODES } from "./codes/org.js";
import { PLAN_CODES } from "./codes/plan.js";
import { ROUTING_CODES } from "./codes/routing.js";
import { RUN_CODES } from "./codes/run.js";
import { STORE_CODES } from "./codes/store.js";
import { TAL_CODES } from "./codes/tal.js";
import { WEB_CODES } from "./codes/web.js";
import { printable } from "./text/printable.js";

/** Every module's codes by module name; a new module adds one line. Codes are unique across modules. */
export const ISSUE_CODE_GROUPS = {
  analytics: ANALYTICS_CODES,
  books: BOOKS_CODES,
  cli: CLI_CODES,
  config: CONFIG_CODES,
  csv: CSV_CODES,
  ctdp: CTDP_CODES,
  import: IMPORT_CODES,
  model: MODEL_CODES,
  forecast: FORECAST_CODES,
  org: ORG_CODES,
  plan: PLAN_CODES,
  routing: ROUTING_CODES,
  run: RUN_CODES,
  store: STORE_CODES,
  tal: TAL_CODES,
  web: WEB_CODES,
} as const;

/** The union of every code of every module. */
export type IssueCode = (typeof ISSUE_CODE_GROUPS)[keyof typeof ISSUE_CODE_GROUPS][number];

/** Every code, in module order (for listings and the "every code is produced" test). */
export const ISSUE_CODES: readonly IssueCode[] = Object.values(ISSUE_CODE_GROUPS).flat();

const CODE_SET: ReadonlySet<string> = new Set(ISSUE_CODES);

/** Whether `s` is a known issue code. */
export function isIssueCode(s: string): s is IssueCode {
  return CODE_SET.has(s);
}

/** Errors stop the operation; warnings are reported and the operation goes on; info is a note. */
export type Severity = "error" | "warning" | "info";

/** Where the problem is: a place in a file, and/or a path into a JSON document. */
export interface IssuePath {
  readonly file?: string;
  /** 1-based physical line. */
  readonly line?: number;
  /** 1-based column (field number for CSV). */
  readonly column?: number;
  /** Path into a JSON config, e.g. `["measures", 0, "tolerance"]`. */
  readonly json?: readonly (string | number)[];
}

/** The domain ids a problem concerns (user-facing ids, never array indices). */
export interface IssueIds {
  readonly rep_id?: string;
  readonly account_id?: string;
  readonly unit_id?: string;
  readonly rule?: string;
  readonly measure?: string;
  readonly scenario?: string;
  /** A command-line option, without the leading dashes. */
  readonly option?: string;
  readonly [id: string]: string | undefined;
}

/** One problem: a stable code, a severity, a message for people, where, which ids, and data. */
export interface Issue<C extends string = IssueCode> {
  readonly code: C;
  readonly severity: Severity;
  readonly message: string;
  readonly path?: IssuePath;
  readonly ids?: IssueIds;
  /** Machine-readable detail (counts, limits, the offending value...). JSON-serialisable. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Optional parts of an issue; `severity` defaults to "error". */
export interface IssueExtras {
  readonly severity?: Severity;
  readonly path?: IssuePath;
  readonly ids?: IssueIds;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Builds an issue, leaving out empty parts. */
export function issue<C extends IssueCode>(
  code: C,
  message: string,
  extras: IssueExtras = {},
): Issue<C> {
  const out: { -readonly [K in keyof Issue<C>]: Issue<C>[K] } = {
    code,
    severity: extras.severity ?? "error",
    message,
  };
  if (extras.path && Object.keys(extras.path).length > 0) out.path = extras.path;
  if (extras.ids && Object.keys(extras.ids).length > 0) out.ids = extras.ids;
  if (extras.data && Object.keys(extras.data).length > 0) out.data = extras.data;
  return out;
}

/** `measures[0].tolerance` for `["measures", 0, "tolerance"]`; "(root)" for an empty path. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s || "(root)";
}

/** Where an issue is, as text: `file:line:column`, `file at a.b[0]`, or "" when nowhere. */
export function formatWhere(path: IssuePath | undefined): string {
  if (!path) return "";
  let s = path.file ?? "";
  if (path.line !== undefined && path.line > 0) {
    s += `${s ? ":" : "line "}${path.line}`;
    if (path.column !== undefined) s += `:${Math.max(path.column, 1)}`;
  }
  if (path.json) s += `${s ? " at " : ""}${formatJsonPath(path.json)}`;
  return s;
}

/**
 * The one text form of an issue: `where: warning: message` (no prefix for errors). Data quoted in
 * it (cells, ids, file names) is escaped for the terminal: control characters, escape sequences
 * and invisible characters come out as `\u{1b}`-style escapes, never raw.
 */
export function formatIssue(i: Issue<string>): string {
  const where = printable(formatWhere(i.path));
  const sev = i.severity === "error" ? "" : `${i.severity}: `;
  return `${where ? `${where}: ` : ""}${sev}${printable(i.message)}`;
}

/** Whether any issue is an error. */
export function hasErrors(issues: readonly Issue<string>[]): boolean {
  return issues.some((i) => i.severity === "error");
}
