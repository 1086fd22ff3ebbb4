import { type CellEncoder, cellEncoder, type Dataset } from "../../core/scoring/ml/dataset.js";
import type { Feature } from "../../core/scoring/ml/features.js";
import { openCsv } from "../csv/reader.js";
import type { ByteProgress, FilePart } from "./contract.js";
import { findColumn, uniqueHeader } from "./header.js";
import { readBatches } from "./read-training.js";

export type { FilePart } from "./contract.js";

/** A file encoded with a model's features, plus the raw text of chosen key columns. */
export interface ScoringTable {
  readonly dataset: Dataset;
  /** Key columns found in the file, with their cells (for joining scores back). */
  readonly keys: readonly { name: string; cells: string[] }[];
  /** Model feature columns the file lacks (scored as missing). */
  readonly missing: readonly string[];
  /** Tolerated problems of the file (see readBatches). */
  readonly warnings: readonly string[];
}

function grow<T extends Uint8Array | Float64Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Read a CSV file straight into a model's encoding (no detection: each feature parses its cells
 * as it did in training; unseen categories go to "other"). Columns are matched by name.
 */
export async function readScoringTable(
  path: string,
  features: readonly Feature[],
  keyColumns: readonly string[],
  progress?: ByteProgress,
  part?: FilePart,
): Promise<ScoringTable> {
  const csv = await openCsv(
    path,
    part
      ? {
          start: part.start,
          end: part.end,
          dialect: part.dialect,
          width: part.header.length,
          header: part.start === 0,
        }
      : {},
  );
  const header = uniqueHeader(part?.header ?? csv.header);
  const at = features.map((f) => findColumn(header, f.column));
  const missing = features.filter((_, j) => (at[j] as number) < 0).map((f) => f.column);
  const keys = keyColumns
    .map((name) => ({ name, index: findColumn(header, name), cells: [] as string[] }))
    .filter((k) => k.index >= 0);
  const encoders: CellEncoder[] = features.map(cellEncoder);
  let bins = features.map(() => new Uint8Array(64 * 1024));
  let values = features.map((f) => (f.kind === "numeric" ? new Float64Array(64 * 1024) : null));
  let n = 0;
  const warnings = await readBatches(
    csv,
    (rows) => {
      const need = n + rows.length;
      bins = bins.map((b) => grow(b, need));
      values = values.map((v) => (v ? grow(v, need) : null));
      for (const row of rows) {
        const f = row.fields;
        for (let j = 0; j < encoders.length; j++) {
          const c = at[j] as number;
          (encoders[j] as CellEncoder)(
            c >= 0 ? (f[c] ?? "") : "",
            n,
            bins[j] as Uint8Array,
            values[j] ?? null,
          );
        }
        for (const k of keys) k.cells.push(f[k.index] ?? "");
        n++;
      }
    },
    progress,
  );
  return {
    dataset: {
      rows: n,
      features,
      bins: bins.map((b) => b.subarray(0, n)),
      values: values.map((v) => (v ? v.subarray(0, n) : null)),
    },
    keys: keys.map((k) => ({ name: k.name, cells: k.cells })),
    missing,
    warnings,
  };
}
