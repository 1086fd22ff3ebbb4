import { isBlank, parseBoolean, parseNumber } from "../../model/values.js";
import { commaNumber, dateDays, fastNumber, levelKey, trimCell } from "./column.js";
import {
  binCount,
  type CategoricalFeature,
  type Feature,
  MISSING_BIN,
  type NumericFeature,
  numericBin,
} from "./features.js";
import type { Frame } from "./frame.js";

/** Rows encoded for the learners: a byte bin per feature (column-major) and raw numeric values. */
export interface Dataset {
  readonly rows: number;
  readonly features: readonly Feature[];
  readonly bins: readonly Uint8Array[];
  /** Raw values (NaN when missing) of numeric features; null for categorical ones. */
  readonly values: readonly (Float64Array | null)[];
}

/** Text -> value of a numeric feature, as detection read it at training time. */
function numericReader(f: NumericFeature): (text: string) => number {
  if (f.source === "boolean")
    return (t) => {
      const b = parseBoolean(t);
      if (b.ok && b.value !== null) return b.value ? 1 : 0;
      const n = parseNumber(t);
      return n.ok && n.value !== null ? n.value : Number.NaN;
    };
  if (f.source === "date") {
    // Dates repeat (days, not instants, in most exports): remember the ones already read.
    const seen = new Map<string, number>();
    return (t) => {
      let d = seen.get(t);
      if (d === undefined) {
        const n = parseNumber(t);
        d = n.ok && n.value !== null ? Number.NaN : dateDays(t, f.dateOrder);
        if (seen.size < 100_000) seen.set(t, d);
      }
      return d;
    };
  }
  if (f.decimal === ",") return commaNumber;
  return (t) => {
    const fast = fastNumber(t);
    if (!Number.isNaN(fast)) return fast;
    const n = parseNumber(t);
    return n.ok && n.value !== null ? n.value : Number.NaN;
  };
}

/** The key of a categorical cell as detection made it (numbers written by String()). */
function categoricalKey(t: string): string {
  const n = parseNumber(t);
  return levelKey(n.ok && n.value !== null ? String(n.value) : t);
}

/** Encodes one raw text cell of a feature into row `i` of its bin (and value) array. */
export type CellEncoder = (
  raw: string,
  i: number,
  bins: Uint8Array,
  values: Float64Array | null,
) => void;

/** The cell encoder of a feature, for scoring files that were never through detection. */
export function cellEncoder(f: Feature): CellEncoder {
  if (f.kind === "numeric") {
    const read = numericReader(f);
    return (raw, i, bins, values) => {
      const t = trimCell(raw);
      const fast =
        t.length > 0 && f.source === "number" && f.decimal !== "," ? fastNumber(t) : Number.NaN;
      const x = !Number.isNaN(fast) ? fast : isBlank(t) ? Number.NaN : read(t);
      bins[i] = numericBin(f.edges, x);
      if (values) values[i] = x;
    };
  }
  const index = levelIndex(f);
  const other = f.levels.length + 1;
  // Cells as written -> bin, so repeated values skip number parsing and key building.
  const seen = new Map<string, number>();
  return (raw, i, bins) => {
    const t = trimCell(raw);
    let bin = seen.get(t);
    if (bin === undefined) {
      bin = isBlank(t) ? MISSING_BIN : (index.get(categoricalKey(t)) ?? other);
      if (seen.size < 100_000) seen.set(t, bin);
    }
    bins[i] = bin;
  };
}

function levelIndex(f: CategoricalFeature): Map<string, number> {
  return new Map(f.levels.map((l, i) => [levelKey(l), i + 1]));
}

/** Empty arrays for `rows` rows of `features`. */
export function allocate(features: readonly Feature[], rows: number): Dataset {
  return {
    rows,
    features,
    bins: features.map(() => new Uint8Array(rows)),
    values: features.map((f) => (f.kind === "numeric" ? new Float64Array(rows) : null)),
  };
}

/** Encode a typed frame with learnt features (columns matched by name). */
export function encodeFrame(frame: Frame, features: readonly Feature[]): Dataset {
  const bins: Uint8Array[] = [];
  const values: (Float64Array | null)[] = [];
  for (const f of features) {
    const col = frame.columns.find((c) => c.name === f.column);
    const b = new Uint8Array(frame.rows);
    if (f.kind === "numeric" && col?.kind === "numeric") {
      for (let i = 0; i < frame.rows; i++) b[i] = numericBin(f.edges, col.values[i] as number);
      values.push(col.values);
    } else if (f.kind === "categorical" && col?.kind === "categorical") {
      const index = levelIndex(f);
      const other = f.levels.length + 1;
      const map = Int32Array.from(col.levels, (l) => index.get(levelKey(l)) ?? other);
      for (let i = 0; i < frame.rows; i++) {
        const c = col.codes[i] as number;
        b[i] = c < 0 ? MISSING_BIN : (map[c] as number);
      }
      values.push(null);
    } else throw new Error(`column "${f.column}" does not match its feature`);
    bins.push(b);
  }
  return { rows: frame.rows, features, bins, values };
}

/** FNV-1a over every `step`-th run of `run` bytes of a byte view, continuing from `h`. */
function fnv(bytes: Uint8Array, h: number, run: number, step: number): number {
  let x = h;
  for (let i = 0; i < bytes.length; i += step * run)
    for (let k = i; k < i + run && k < bytes.length; k++)
      x = Math.imul(x ^ (bytes[k] as number), 16777619);
  return x >>> 0;
}

/** Rows hashed at most (an even stride: row order is data, column order is not). */
const HASH_ROWS = 100_000;

/** A fingerprint of a feature's content (never its name or position). */
export function contentKey(ds: Dataset, j: number): string {
  const b = ds.bins[j] as Uint8Array;
  const v = ds.values[j];
  const f = ds.features[j] as Feature;
  const step = Math.max(1, Math.ceil(ds.rows / HASH_ROWS));
  const h1 = fnv(b, 2166136261, 1, step);
  const raw = v ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null;
  const h2 = raw ? fnv(raw, h1 ^ 0x5bd1e995, 8, step) : h1;
  const shape = `${f.kind}:${binCount(f)}`;
  return `${shape}:${h1.toString(16).padStart(8, "0")}${h2.toString(16).padStart(8, "0")}`;
}

/**
 * Reorder features by content fingerprint, so that learning never depends on the order or names
 * of the input columns (tie-breaks between equal splits follow this order).
 */
export function canonicalOrder(ds: Dataset): Dataset {
  const keys = ds.features.map((_, j) => contentKey(ds, j));
  const order = keys
    .map((_, j) => j)
    .sort((a, b) =>
      (keys[a] as string) < (keys[b] as string)
        ? -1
        : (keys[a] as string) > (keys[b] as string)
          ? 1
          : 0,
    );
  return {
    rows: ds.rows,
    features: order.map((j) => ds.features[j] as Feature),
    bins: order.map((j) => ds.bins[j] as Uint8Array),
    values: order.map((j) => ds.values[j] ?? null),
  };
}
