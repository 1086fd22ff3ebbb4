import type { Tree } from "./tree.js";

/**
 * All trees of a booster in flat typed arrays (node indices absolute), walked over row-major
 * bins: the fast path for scoring and explaining millions of rows.
 */
export interface Forest {
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Int32Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Per node: offset of its 256-entry go-left table in `catTable`, or -1 (numeric or leaf). */
  readonly catOffset: Int32Array;
  readonly catTable: Uint8Array;
}

/** Flatten trees into one forest. */
export function compileForest(trees: readonly Tree[]): Forest {
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const cats = trees.reduce(
    (s, t) =>
      s + t.cats.filter((c, i) => t.threshold[i] === -1 && (t.feature[i] ?? -1) >= 0 && c).length,
    0,
  );
  const f: Forest = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Int32Array(total),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    catOffset: new Int32Array(total).fill(-1),
    catTable: new Uint8Array(cats * 256),
  };
  let at = 0;
  let catAt = 0;
  trees.forEach((t, ti) => {
    f.roots[ti] = at;
    for (let i = 0; i < t.feature.length; i++) {
      const k = at + i;
      const feat = t.feature[i] as number;
      f.feature[k] = feat;
      f.threshold[k] = t.threshold[i] as number;
      f.missingLeft[k] = t.missingLeft[i] as number;
      f.left[k] = at + (t.left[i] as number);
      f.right[k] = at + (t.right[i] as number);
      f.value[k] = t.value[i] as number;
      if (feat >= 0 && t.threshold[i] === -1) {
        f.catOffset[k] = catAt;
        for (const b of t.cats[i] ?? []) f.catTable[catAt + b] = 1;
        catAt += 256;
      }
    }
    at += t.feature.length;
  });
  return f;
}

/** The child of internal node `node` for a row whose bins start at `base`. */
function child(f: Forest, bins: Uint8Array, base: number, node: number): number {
  const b = bins[base + (f.feature[node] as number)] as number;
  const co = f.catOffset[node] as number;
  const left =
    co >= 0
      ? f.catTable[co + b] === 1
      : b === 0
        ? f.missingLeft[node] === 1
        : b <= (f.threshold[node] as number);
  return left ? (f.left[node] as number) : (f.right[node] as number);
}

/** Sum of the leaf values a row reaches (bins row-major, the row starting at `base`). */
export function forestSum(f: Forest, bins: Uint8Array, base: number): number {
  let s = 0;
  const roots = f.roots;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t] as number;
    while ((f.feature[node] as number) >= 0) node = child(f, bins, base, node);
    s += f.value[node] as number;
  }
  return s;
}

/**
 * Saabas path attributions: each split on a row's path credits its feature with the change in
 * node value. Adds into `out` per feature; returns the sum of root values (the bias).
 */
export function forestAttributions(
  f: Forest,
  bins: Uint8Array,
  base: number,
  out: Float64Array,
): number {
  let bias = 0;
  const roots = f.roots;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t] as number;
    bias += f.value[node] as number;
    for (;;) {
      const feat = f.feature[node] as number;
      if (feat < 0) break;
      const next = child(f, bins, base, node);
      out[feat] = (out[feat] as number) + (f.value[next] as number) - (f.value[node] as number);
      node = next;
    }
  }
  return bias;
}
