/** The element at `i`, or a thrown error naming the bad index (an internal invariant broke). */
export function get<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`internal: index ${i} out of range (length ${xs.length})`);
  return x;
}
