/**
 * The one option helper: every command declares its flags and the request schema they fill
 * (src/core/requests/*, shared with the HTTP API); `parseRequest` reads argv, converts each flag to
 * its JSON type, validates through the schema and throws a UsageError (exit code 2) naming the
 * flag for anything wrong: unknown or misspelt flags (with "did you mean"), missing values, values
 * that are not numbers ("--limit x"), out of range or negative where none is allowed, extra
 * arguments.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { didYouMean } from "../core/suggest.js";
import { UsageError } from "./command.js";

/** How one flag reads: text, a number, a comma-separated list, a switch. */
export type FlagType = "string" | "number" | "list" | "numbers" | "boolean";

export interface Flag {
  readonly type: FlagType;
  /** The request field it fills (default: the flag in camelCase). */
  readonly key?: string;
  readonly short?: string;
}

export interface RequestSpec<S extends z.ZodType> {
  readonly schema: S;
  readonly flags: Readonly<Record<string, Flag>>;
  /** Names of the request fields the positional arguments fill, in order. */
  readonly positionals?: readonly string[];
  /** Name of the list field the positional arguments after `positionals` fill (none: an error). */
  readonly rest?: string;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function toNumber(flag: string, v: string): number {
  if (!NUMBER.test(v.trim()))
    throw new UsageError(`--${flag} must be a number, got "${v}"`, "invalid_option", {
      ids: { option: flag },
    });
  return Number(v);
}

/**
 * Negative numbers as option values: `--limit -5` reads as `--limit=-5` (node's parseArgs would
 * otherwise call it ambiguous), so the schema can say what is wrong with it.
 */
function joinNegativeValues(
  argv: readonly string[],
  flags: Readonly<Record<string, Flag>>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith("--") ? a.slice(2) : undefined;
    if (name && flags[name] && flags[name].type !== "boolean" && next && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Reads `argv` into the request of `spec`, or throws a UsageError naming the flag. */
export function parseRequest<S extends z.ZodType>(
  argv: readonly string[],
  spec: RequestSpec<S>,
): z.output<S> {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    options[name] = {
      type: f.type === "boolean" ? "boolean" : "string",
      ...(f.short ? { short: f.short } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, spec.flags),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(err.message);
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) {
      const name = unknown[2] ?? "";
      const hint = didYouMean(name, Object.keys(spec.flags));
      throw new UsageError(
        `unknown option ${unknown[1]}${name}${hint ? ` (did you mean --${hint}?)` : ""}`,
        "unknown_option",
        { ids: { option: name }, ...(hint ? { data: { suggestion: hint } } : {}) },
      );
    }
    const flag = /'--([\w-]+)/.exec(err.message)?.[1];
    throw new UsageError(
      flag ? `--${flag} needs a value` : err.message,
      "invalid_option",
      flag ? { ids: { option: flag } } : {},
    );
  }
  const input: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    const v = parsed.values[name];
    if (v === undefined) continue;
    const key = f.key ?? camel(name);
    if (typeof v === "boolean") input[key] = v;
    else if (typeof v !== "string") continue;
    else if (f.type === "number") input[key] = toNumber(name, v);
    else if (f.type === "list") input[key] = listOption(v);
    else if (f.type === "numbers") input[key] = listOption(v).map((x) => toNumber(name, x));
    else input[key] = v;
  }
  const fields = spec.positionals ?? [];
  if (spec.rest) input[spec.rest] = parsed.positionals.slice(fields.length);
  else if (parsed.positionals.length > fields.length) {
    const extra = parsed.positionals.slice(fields.length);
    throw new UsageError(
      `unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}`,
      "unexpected_argument",
    );
  }
  parsed.positionals.slice(0, fields.length).forEach((p, i) => {
    input[fields[i] as string] = p;
  });
  const r = spec.schema.safeParse(input);
  if (r.success) return r.data;
  const flagOf = new Map(Object.entries(spec.flags).map(([n, f]) => [f.key ?? camel(n), n]));
  const first = r.error.issues[0];
  const key = String(first?.path[0] ?? "");
  const flag = flagOf.get(key);
  const given = input[key];
  if (
    (given === undefined && fields.includes(key)) ||
    (key === spec.rest && Array.isArray(given) && given.length === 0)
  )
    throw new UsageError(`missing ${key.toUpperCase()}`, "missing_argument", {
      ids: { option: key },
    });
  if (!flag && !fields.includes(key) && key !== spec.rest)
    throw new UsageError(first?.message ?? "invalid request", "invalid_option");
  const label = flag ? `--${flag}` : key.toUpperCase();
  if (given === undefined)
    throw new UsageError(`${label} is required`, "missing_argument", {
      ids: { option: flag ?? key },
    });
  const shown = Array.isArray(given) ? given.join(",") : given;
  throw new UsageError(
    `${label}: ${first?.message ?? "invalid"}${first?.message.includes(String(shown)) ? "" : ` (got "${String(shown)}")`}`,
    "invalid_option",
    { ids: { option: flag ?? key }, data: { value: shown } },
  );
}

/** The `--db PATH` flag every store command takes. */
export const STORE_FLAG: Readonly<Record<string, Flag>> = { db: { type: "string" } };

/** `schema` plus the store path the CLI adds (the server has its own store). */
export function withStore<T extends z.ZodRawShape>(schema: z.ZodObject<T>, fallback: string) {
  return schema.extend({ db: z.string().min(1).default(fallback) });
}

/** A comma-separated list option, trimmed, without empty items. */
export function listOption(v: string): string[] {
  return v
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
}
