import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ENTITIES, type MappingFile } from "../core/model/index.js";

const entityMapping = z
  .object({
    files: z.array(z.string()).optional(),
    columns: z.record(z.string(), z.string().nullable()).optional(),
    constants: z.record(z.string(), z.string()).optional(),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    scale: z.record(z.string(), z.number().positive()).optional(),
    dateOrder: z.enum(["MDY", "DMY"]).optional(),
    decimal: z.enum([".", ","]).optional(),
    replaceMissing: z.boolean().optional(),
    encoding: z.string().optional(),
  })
  .strict();

const entityNames = ENTITIES.map((e) => e.name) as [string, ...string[]];

const mappingFile = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    entities: z.partialRecord(z.enum(entityNames), entityMapping),
  })
  .strict();

/** Read and check a mapping file; errors name the file and the JSON path of each problem. */
export async function loadMapping(path: string): Promise<MappingFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = mappingFile.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `${path}: ${i.path.join(".") || "(top)"}: ${i.message}`,
    );
    throw new Error(lines.join("\n"));
  }
  const file = parsed.data as MappingFile;
  // Field names must exist: a typo would otherwise silently map nothing.
  for (const [name, m] of Object.entries(file.entities)) {
    const spec = ENTITIES.find((e) => e.name === name);
    if (!spec || !m) continue;
    const known = new Set(spec.fields.map((f) => f.name));
    for (const section of ["columns", "constants", "values", "scale"] as const) {
      for (const field of Object.keys(m[section] ?? {})) {
        if (!known.has(field)) {
          throw new Error(
            `${path}: entities.${name}.${section}.${field}: ${name} has no field "${field}" (fields: ${[...known].join(", ")})`,
          );
        }
      }
    }
  }
  return file;
}
