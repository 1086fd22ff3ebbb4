import type { DayMonthOrder } from "./dates.js";
import type { EntityName } from "./fields.js";
import type { DecimalMark } from "./values.js";

/**
 * How one source file's layout maps onto an entity. Everything is optional: without a mapping,
 * headers are matched against each field's canonical name and aliases.
 */
export interface EntityMapping {
  /** File names (in the imported folder) holding this entity, for `paydirt import all DIR`. */
  readonly files?: readonly string[];
  /** Canonical field -> source header. `null` keeps a field from being matched automatically. */
  readonly columns?: Readonly<Record<string, string | null>>;
  /** Canonical field -> value used for every row (as text, parsed like a cell). */
  readonly constants?: Readonly<Record<string, string>>;
  /** Canonical field -> { source value -> replacement } applied before parsing (exact, after trimming). */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Canonical numeric field -> factor (e.g. revenue written in millions: 1000000). */
  readonly scale?: Readonly<Record<string, number>>;
  /** Day/month order of `a/b/yyyy` dates in this file. */
  readonly dateOrder?: DayMonthOrder;
  /** Decimal mark of numbers in this file. */
  readonly decimal?: DecimalMark;
  /** Blank cells and absent columns clear stored values (like `--replace-missing`). */
  readonly replaceMissing?: boolean;
  /** Text encoding of CSV files (e.g. `windows-1252`, `macintosh`, `utf-16le`); default UTF-8. */
  readonly encoding?: string;
}

/** A mapping file: one section per entity, so one file can describe a whole CRM export. */
export interface MappingFile {
  readonly description?: string;
  readonly entities: Readonly<Partial<Record<EntityName, EntityMapping>>>;
}
