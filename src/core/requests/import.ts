/** Request of an import (`paydirt import <entity> <file...>`, `paydirt import all <dir>`). */
import { z } from "zod";
import { ENTITIES, entityByName } from "../model/index.js";
import { instant, int } from "./common.js";

export const ImportRequest = z.strictObject({
  /** An entity name, or `all` for every entity file found in one folder. */
  entity: z.string().refine((n) => n === "all" || entityByName(n) !== undefined, {
    message: `must be all or one of ${ENTITIES.map((e) => e.name).join(", ")}`,
  }),
  /** Files of the entity, or the one folder of `all`. */
  files: z.array(z.string().min(1)).min(1),
  /** JSON mapping of source columns and values. */
  mapping: z.string().min(1).optional(),
  /** When this data was true (knowledge time of the new versions; default now). */
  asOf: instant.optional(),
  /** The files are complete snapshots: rows missing from them are retired. */
  full: z.boolean().default(false),
  /** Store facts again although the store holds the same ones; keep repeats inside a file. */
  force: z.boolean().default(false),
  /** Blank cells and missing columns clear stored values (default: a file updates what it has). */
  replaceMissing: z.boolean().default(false),
  /** Text encoding of CSV files without a byte-order mark (default UTF-8). */
  encoding: z.string().min(1).optional(),
  /** Errors and warnings listed at most (each). */
  maxIssues: int(0, 1_000_000_000).default(50),
});
export type ImportRequest = z.infer<typeof ImportRequest>;
