import { Rng } from "./rng.js";

/** Rows with a label (0 or 1), ascending. */
export function labelledRows(labels: Int8Array): Int32Array {
  let m = 0;
  for (const l of labels) if (l >= 0) m++;
  const out = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) out[k++] = i;
  return out;
}

/** Shuffled positives and negatives of `rows`, for stratified splits. */
function strata(labels: Int8Array, rows: Int32Array, rng: Rng): [Int32Array, Int32Array] {
  const pos: number[] = [];
  const neg: number[] = [];
  for (const r of rows) (labels[r] === 1 ? pos : neg).push(r);
  return [rng.shuffle(Int32Array.from(pos)), rng.shuffle(Int32Array.from(neg))];
}

/** Stratified assignment of `rows` to `k` folds: returns the fold of each row (same order as rows). */
export function stratifiedFolds(
  labels: Int8Array,
  rows: Int32Array,
  k: number,
  seed: number,
): Int32Array[] {
  const rng = new Rng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of strata(labels, rows, rng)) {
    for (const r of group) {
      (folds[next] as number[]).push(r);
      next = (next + 1) % k;
    }
  }
  return folds.map((f) => Int32Array.from(f).sort());
}

/** Stratified split of `rows` into a part of about `fraction` and the rest (both ascending). */
export function stratifiedSplit(
  labels: Int8Array,
  rows: Int32Array,
  fraction: number,
  seed: number,
): { part: Int32Array; rest: Int32Array } {
  const rng = new Rng(seed);
  const part: number[] = [];
  const rest: number[] = [];
  for (const group of strata(labels, rows, rng)) {
    const take = Math.round(group.length * fraction);
    group.forEach((r, i) => {
      (i < take ? part : rest).push(r);
    });
  }
  return { part: Int32Array.from(part).sort(), rest: Int32Array.from(rest).sort() };
}

/** Rows of `a` that are not in `b` (both ascending). */
export function without(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let j = 0;
  for (const r of a) {
    while (j < b.length && (b[j] as number) < r) j++;
    if (j >= b.length || b[j] !== r) out.push(r);
  }
  return Int32Array.from(out);
}
