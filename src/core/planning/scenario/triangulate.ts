import { Delaunay } from "d3-delaunay";
import type { Geography } from "./geography.js";

/** Point units (e.g. ZIP code centroids) and the larger area each lies in (e.g. its county). */
export interface PointUnits {
  readonly ids: readonly string[];
  readonly latitude: readonly number[];
  readonly longitude: readonly number[];
  /** Key of the enclosing area of each unit (null when unknown). */
  readonly group: readonly (string | null)[];
}

/** How implausible triangulation edges are pruned. */
export interface TriangulationOptions {
  /** Whether two different groups touch (e.g. adjacent counties); default: never. */
  readonly groupsAdjacent?: (a: string, b: string) => boolean;
  /**
   * An edge longer than this many times the typical (median) edge length at the sparser of its two
   * ends is dropped (default 3): across lakes, bays, deserts and along the hull.
   */
  readonly stretch?: number;
}

/** A geography from point units, with what pruning did. */
export interface TriangulatedGeography extends Geography {
  /** Triangulation edges dropped as implausible (between distant groups or too long). */
  readonly dropped: number;
  /** Dropped edges put back, shortest first, to keep the graph connected. */
  readonly bridged: number;
}

const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km. */
function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a =
    Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 +
    Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function find(parent: Int32Array, u: number): number {
  let r = u;
  while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
  while ((parent[u] ?? u) !== r) {
    const next = parent[u] ?? u;
    parent[u] = r;
    u = next;
  }
  return r;
}

/**
 * Adjacency of point units from a Delaunay triangulation of their centroids (d3-delaunay does the
 * triangulation; the pruning below is ours): an edge is kept when its ends lie in the same group
 * or in adjacent groups (or a group is unknown) and it is at most `stretch` times the median
 * edge length at its sparser end. Units sharing a centroid are joined to each other. Pruning can
 * split the graph; the dropped edges are then put back shortest first, only where they join two
 * pieces (Kruskal over the dropped edges), so the result is connected like the triangulation.
 * Longitudes are taken relative to the median one, so points across the antimeridian sit together.
 */
export function triangulatedGeography(
  units: PointUnits,
  opts: TriangulationOptions = {},
): TriangulatedGeography {
  const n = units.ids.length;
  const stretch = opts.stretch ?? 3;
  const lons = Float64Array.from(units.longitude).sort();
  const lon0 = lons[Math.floor(n / 2)] ?? 0;
  const wrap = (lon: number) => ((((lon - lon0 + 180) % 360) + 360) % 360) - 180;
  // Sinusoidal projection (equal-area, near-true shapes at the scale of neighbours).
  const rep = new Int32Array(n);
  const seen = new Map<string, number>();
  const uniq: number[] = [];
  for (let u = 0; u < n; u++) {
    const key = `${units.latitude[u]},${units.longitude[u]}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, u);
      rep[u] = u;
      uniq.push(u);
    } else rep[u] = first;
  }
  const coords = new Float64Array(uniq.length * 2);
  uniq.forEach((u, i) => {
    const lat = units.latitude[u] ?? 0;
    coords[2 * i] = wrap(units.longitude[u] ?? 0) * Math.cos(lat * RAD);
    coords[2 * i + 1] = lat;
  });
  const del = new Delaunay(coords);
  const ea: number[] = [];
  const eb: number[] = [];
  const len: number[] = [];
  const incident: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < uniq.length; i++) {
    for (const j of del.neighbors(i)) {
      if (j <= i) continue;
      const a = uniq[i] ?? 0;
      const b = uniq[j] ?? 0;
      const d = haversine(
        units.latitude[a] ?? 0,
        units.longitude[a] ?? 0,
        units.latitude[b] ?? 0,
        units.longitude[b] ?? 0,
      );
      ea.push(a);
      eb.push(b);
      len.push(d);
      incident[a]?.push(d);
      incident[b]?.push(d);
    }
  }
  const scale = incident.map((ds) => {
    if (!ds.length) return 0;
    const s = ds.sort((x, y) => x - y);
    return s[Math.floor((s.length - 1) / 2)] ?? 0;
  });
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const union = (a: number, b: number) => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra === rb) return false;
    parent[ra] = rb;
    return true;
  };
  const edges: [number, number][] = [];
  for (let u = 0; u < n; u++) {
    const r = rep[u] ?? u;
    if (r !== u) {
      edges.push([r, u]);
      union(r, u);
    }
  }
  const dropped: number[] = [];
  for (let e = 0; e < ea.length; e++) {
    const a = ea[e] ?? 0;
    const b = eb[e] ?? 0;
    const ga = units.group[a] ?? null;
    const gb = units.group[b] ?? null;
    const nearGroups =
      ga === null || gb === null || ga === gb || (opts.groupsAdjacent?.(ga, gb) ?? false);
    const short = (len[e] ?? 0) <= stretch * Math.max(scale[a] ?? 0, scale[b] ?? 0);
    if (nearGroups && short) {
      edges.push([a, b]);
      union(a, b);
    } else dropped.push(e);
  }
  dropped.sort((e, f) => (len[e] ?? 0) - (len[f] ?? 0));
  let bridged = 0;
  for (const e of dropped) {
    const a = ea[e] ?? 0;
    const b = eb[e] ?? 0;
    if (union(a, b)) {
      edges.push([a, b]);
      bridged++;
    }
  }
  return {
    ids: units.ids,
    latitude: units.latitude,
    longitude: units.longitude,
    edges,
    dropped: dropped.length - bridged,
    bridged,
  };
}
