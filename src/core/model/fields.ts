/**
 * Declarative field specifications: the single description of each entity that the importer,
 * the store's DDL and the synthetic generator all read. Pure data, no I/O.
 */

/** Value kinds a field can hold once parsed. */
export type FieldType =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "date"
  | "datetime"
  | "tags"
  | "enum";

/** What to do when a reference points at an id the store does not know. */
export type ReferencePolicy = "error" | "warn";

/** One column of an entity. */
export interface FieldSpec {
  /** Canonical (snake_case) name, also the store column name and the synthetic CSV header. */
  readonly name: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Header names recognised without a mapping file: Salesforce export names and common aliases. */
  readonly aliases: readonly string[];
  /** Allowed values for `enum` fields (canonical spelling). */
  readonly values?: readonly string[];
  /** Synonyms for enum values, lower-cased source value -> canonical value. */
  readonly synonyms?: Readonly<Record<string, string>>;
  /** The entity whose key this field refers to, and how an unknown id is treated. */
  readonly ref?: { readonly entity: EntityName; readonly policy: ReferencePolicy };
  /** Value stored when a numeric cell is blank. */
  readonly default?: number;
  /** A date that stands for a whole period, stored as the period's first day. */
  readonly period?: "month";
  /**
   * A name or other free text (people, companies, e-mail addresses): two similar values are two
   * different things, so it is never checked for look-alike spellings.
   */
  readonly freeText?: boolean;
  /** Known words of a categorical field, used to flag likely misspellings (never to rewrite). */
  readonly vocabulary?: readonly string[];
  readonly description: string;
}

export type EntityName =
  | "reps"
  | "accounts"
  | "products"
  | "opportunities"
  | "opportunity_history"
  | "signals"
  | "revenue"
  | "quotas";

/** One entity: its fields and its key (empty key = append-only fact table). */
export interface EntitySpec {
  readonly name: EntityName;
  readonly description: string;
  readonly key: readonly string[];
  readonly fields: readonly FieldSpec[];
}
