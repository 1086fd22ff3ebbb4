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
      if (feat >= 0 && t.right[i] !== (t.left[i] as number) + 1)
        throw new Error("tree children must be adjacent (right = left + 1)");
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

/**
 * The child of internal node `node` for bin `b`, without data-dependent branches for numeric
 * nodes (children are adjacent: right = left + 1), which keeps tree walks fast.
 */
function next(f: Forest, node: number, b: number): number {
  const co = f.catOffset[node] as number;
  if (co >= 0) return (f.left[node] as number) + 1 - (f.catTable[co + b] as number);
  const right = ((f.threshold[node] as number) - b) >>> 31;
  const missingRight = ((b - 1) >>> 31) & (1 - (f.missingLeft[node] as number));
  return (f.left[node] as number) + (right | missingRight);
}

/** Sum of the leaf values a row reaches (bins row-major, the row starting at `base`). */
export function forestSum(f: Forest, bins: Uint8Array, base: number): number {
  const { roots, feature, value } = f;
  let s = 0;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t] as number;
    let feat = feature[node] as number;
    while (feat >= 0) {
      node = next(f, node, bins[base + feat] as number);
      feat = feature[node] as number;
    }
    s += value[node] as number;
  }
  return s;
}

/** Rows walked together through each tree (independent walks overlap in the CPU). */
const BLOCK = 64;

/**
 * Raw sums of many rows: `rowAt(k)` is the bin offset of the k-th row; results go to out[k].
 * Tree-major inside blocks of rows, which is faster than row by row.
 */
export function forestSums(
  f: Forest,
  bins: Uint8Array,
  count: number,
  rowAt: (k: number) => number,
  out: Float64Array,
): void {
  const { roots, feature, value } = f;
  const base = new Int32Array(BLOCK);
  for (let k0 = 0; k0 < count; k0 += BLOCK) {
    const k1 = Math.min(count, k0 + BLOCK);
    for (let k = k0; k < k1; k++) {
      base[k - k0] = rowAt(k);
      out[k] = 0;
    }
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t] as number;
      for (let k = k0; k < k1; k++) {
        const b0 = base[k - k0] as number;
        let node = root;
        let feat = feature[node] as number;
        while (feat >= 0) {
          node = next(f, node, bins[b0 + feat] as number);
          feat = feature[node] as number;
        }
        out[k] = (out[k] as number) + (value[node] as number);
      }
    }
  }
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
  const { roots, feature, value } = f;
  let bias = 0;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t] as number;
    bias += value[node] as number;
    let feat = feature[node] as number;
    while (feat >= 0) {
      const child = next(f, node, bins[base + feat] as number);
      out[feat] = (out[feat] as number) + (value[child] as number) - (value[node] as number);
      node = child;
      feat = feature[node] as number;
    }
  }
  return bias;
}
