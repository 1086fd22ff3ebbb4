/**
 * Minimum-cost perfect assignment of an n x n cost matrix (row-major `cost[i * n + j]`): the
 * shortest-augmenting-path Hungarian method with potentials, O(n^3). Hand-written: a dozen lines
 * do not justify a dependency, and no maintained npm package offers it over typed arrays.
 * Returns `col[i]`, the column given to row i.
 */
export function hungarian(cost: Float64Array, n: number): Int32Array {
  const INF = Number.POSITIVE_INFINITY;
  // 1-indexed as in the textbook formulation; row 0 / column 0 are the virtual start.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1); // rowOf[j]: row matched to column j (0 = none)
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0] ?? 0;
      let delta = INF;
      let j1 = 0;
      const base = (i0 - 1) * n - 1;
      const ui0 = u[i0] ?? 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = (cost[base + j] ?? 0) - ui0 - (v[j] ?? 0);
        if (cur < (minv[j] ?? INF)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] ?? INF) < delta) {
          delta = minv[j] ?? INF;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const r = rowOf[j] ?? 0;
          u[r] = (u[r] ?? 0) + delta;
          v[j] = (v[j] ?? 0) - delta;
        } else minv[j] = (minv[j] ?? INF) - delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0] ?? 0;
      rowOf[j0] = rowOf[j1] ?? 0;
      j0 = j1;
    } while (j0 !== 0);
  }
  const col = new Int32Array(n);
  for (let j = 1; j <= n; j++) {
    const r = rowOf[j] ?? 0;
    if (r > 0) col[r - 1] = j - 1;
  }
  return col;
}
