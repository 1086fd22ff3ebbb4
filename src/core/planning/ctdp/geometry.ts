/** Convex hulls and diameters of unit sets (the farthest pair of a set lies on its hull). */

/** Convex hull (Andrew's monotone chain, counter-clockwise, collinear points dropped) of the given units. */
export function convexHull(x: Float64Array, y: Float64Array, units: readonly number[]): number[] {
  const pts = units.slice().sort((a, b) => (x[a] ?? 0) - (x[b] ?? 0) || (y[a] ?? 0) - (y[b] ?? 0));
  if (pts.length <= 2) {
    if (
      pts.length === 2 &&
      x[pts[0] ?? 0] === x[pts[1] ?? 0] &&
      y[pts[0] ?? 0] === y[pts[1] ?? 0]
    ) {
      return [pts[0] ?? 0];
    }
    return pts;
  }
  const cross = (o: number, a: number, b: number): number =>
    ((x[a] ?? 0) - (x[o] ?? 0)) * ((y[b] ?? 0) - (y[o] ?? 0)) -
    ((y[a] ?? 0) - (y[o] ?? 0)) * ((x[b] ?? 0) - (x[o] ?? 0));
  const hull: number[] = [];
  for (const q of pts) {
    while (
      hull.length >= 2 &&
      cross(hull[hull.length - 2] ?? 0, hull[hull.length - 1] ?? 0, q) <= 0
    )
      hull.pop();
    hull.push(q);
  }
  const lower = hull.length + 1;
  for (let i = pts.length - 2; i >= 0; i--) {
    const q = pts[i] ?? 0;
    while (
      hull.length >= lower &&
      cross(hull[hull.length - 2] ?? 0, hull[hull.length - 1] ?? 0, q) <= 0
    )
      hull.pop();
    hull.push(q);
  }
  hull.pop();
  return hull;
}

/** True when unit u lies inside or on the boundary of a counter-clockwise hull with at least 3 vertices. */
export function insideHull(
  x: Float64Array,
  y: Float64Array,
  hull: readonly number[],
  u: number,
): boolean {
  const h = hull.length;
  if (h < 3) return false;
  const ux = x[u] ?? 0;
  const uy = y[u] ?? 0;
  for (let i = 0; i < h; i++) {
    const a = hull[i] ?? 0;
    const b = hull[i + 1 < h ? i + 1 : 0] ?? 0;
    const ax = x[a] ?? 0;
    const ay = y[a] ?? 0;
    if (((x[b] ?? 0) - ax) * (uy - ay) - ((y[b] ?? 0) - ay) * (ux - ax) < 0) return false;
  }
  return true;
}

/** Farthest pair among the given units (brute force; call it on a hull). Returns squared distance and the pair. */
export function farthestPair(
  x: Float64Array,
  y: Float64Array,
  units: readonly number[],
): { d2: number; a: number; b: number } {
  let d2 = 0;
  let a = units[0] ?? -1;
  let b = a;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] ?? 0;
    const ux = x[u] ?? 0;
    const uy = y[u] ?? 0;
    for (let j = i + 1; j < units.length; j++) {
      const v = units[j] ?? 0;
      const dx = ux - (x[v] ?? 0);
      const dy = uy - (y[v] ?? 0);
      const e = dx * dx + dy * dy;
      if (e > d2) {
        d2 = e;
        a = u;
        b = v;
      }
    }
  }
  return { d2, a, b };
}

/**
 * Convex hull of `members` without `u`, where `hull` is the current hull of `members` (which may
 * or may not still include u) and u is one of its vertices: only the members inside the triangle
 * (previous vertex, u, next vertex) can become new vertices, so no full re-sort is needed.
 */
export function hullWithout(
  x: Float64Array,
  y: Float64Array,
  hull: readonly number[],
  members: readonly number[],
  u: number,
): number[] {
  const h = hull.length;
  const i = hull.indexOf(u);
  if (i < 0 || h < 4)
    return convexHull(
      x,
      y,
      members.filter((v) => v !== u),
    );
  const prev = hull[i === 0 ? h - 1 : i - 1] ?? 0;
  const next = hull[i + 1 < h ? i + 1 : 0] ?? 0;
  const px = x[prev] ?? 0;
  const py = y[prev] ?? 0;
  const ux = x[u] ?? 0;
  const uy = y[u] ?? 0;
  const nx = x[next] ?? 0;
  const ny = y[next] ?? 0;
  // Tolerance on the side tests: letting in a few extra members is harmless, missing one is not.
  const eps = -1e-7 * (1 + Math.abs(ux) + Math.abs(uy)) ** 2;
  const cand: number[] = [];
  for (const v of hull) if (v !== u) cand.push(v);
  for (const v of members) {
    if (v === u || v === prev || v === next) continue;
    const vx = x[v] ?? 0;
    const vy = y[v] ?? 0;
    if ((ux - px) * (vy - py) - (uy - py) * (vx - px) < eps) continue;
    if ((nx - ux) * (vy - uy) - (ny - uy) * (vx - ux) < eps) continue;
    if ((px - nx) * (vy - ny) - (py - ny) * (vx - nx) < eps) continue;
    cand.push(v);
  }
  return convexHull(x, y, cand);
}
