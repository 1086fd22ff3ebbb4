import type { EntitySpec, FieldSpec } from "./fields.js";
import type { EntityMapping } from "./mapping.js";

/** Where a field's value comes from: a source column, a constant, or nowhere. */
export type FieldSource =
  | {
      readonly kind: "column";
      readonly index: number;
      readonly header: string;
      readonly how: string;
    }
  | { readonly kind: "constant"; readonly value: string }
  | { readonly kind: "absent" };

export interface HeaderResolution {
  /** One entry per entity field, in spec order. */
  readonly sources: readonly FieldSource[];
  /** Source columns no field uses (kept as free-form attributes). */
  readonly unused: readonly { readonly index: number; readonly header: string }[];
  /** Problems that stop the import (missing required column, mapping naming an absent column). */
  readonly errors: readonly { readonly column: number; readonly message: string }[];
}

/** Header matching key: case, spaces, underscores and punctuation do not matter. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Bind each field of `entity` to a source column: the mapping's explicit column first, then the
 * canonical name, then the aliases in order. A column is bound automatically to one field at most.
 */
export function resolveHeader(
  entity: EntitySpec,
  header: readonly string[],
  mapping?: EntityMapping,
): HeaderResolution {
  const byKey = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (!byKey.has(k)) byKey.set(k, i);
  });
  const taken = new Set<number>();
  const errors: { column: number; message: string }[] = [];
  const sources: FieldSource[] = entity.fields.map(() => ({ kind: "absent" }));

  // Explicit mapping first: it may bind one column to several fields.
  entity.fields.forEach((field, fi) => {
    const constant = mapping?.constants?.[field.name];
    if (constant !== undefined) {
      sources[fi] = { kind: "constant", value: constant };
      return;
    }
    const explicit = mapping?.columns?.[field.name];
    if (typeof explicit === "string") {
      const index = header.findIndex((h) => h.trim() === explicit.trim());
      const idx = index >= 0 ? index : byKey.get(headerKey(explicit));
      if (idx === undefined) {
        errors.push({
          column: 0,
          message: `mapping names column "${explicit}" for ${field.name}, but the file has no such column`,
        });
        return;
      }
      sources[fi] = { kind: "column", index: idx, header: header[idx] ?? "", how: "mapping" };
      taken.add(idx);
    }
  });

  const candidates = (field: FieldSpec) => [field.name, ...field.aliases];
  // Canonical names before aliases, so `account_id` beats a generic alias like `Id` elsewhere.
  for (const pass of ["name", "alias"] as const) {
    entity.fields.forEach((field, fi) => {
      if (sources[fi]?.kind !== "absent") return;
      if (mapping?.columns && field.name in mapping.columns) return; // explicitly mapped or null
      const names = pass === "name" ? [field.name] : candidates(field).slice(1);
      for (const n of names) {
        const idx = byKey.get(headerKey(n));
        if (idx !== undefined && !taken.has(idx)) {
          sources[fi] = {
            kind: "column",
            index: idx,
            header: header[idx] ?? "",
            how: pass === "name" ? "name" : `alias of ${field.name}`,
          };
          taken.add(idx);
          return;
        }
      }
    });
  }

  entity.fields.forEach((field, fi) => {
    if (field.required && sources[fi]?.kind === "absent") {
      const looked = candidates(field).join(", ");
      errors.push({
        column: 0,
        message: `missing required column ${field.name} (looked for: ${looked}; map another column in a mapping file)`,
      });
    }
  });
  const unused = header
    .map((h, index) => ({ index, header: h }))
    .filter((c) => !taken.has(c.index) && c.header.trim() !== "");
  return { sources, unused, errors };
}
