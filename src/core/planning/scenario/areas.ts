import { Delaunay } from "d3-delaunay";
import type { Geography } from "./geography.js";

/** Accounts grouped into geographic units: the unit of each account and the units' data. */
export interface AreaUnits {
  readonly unitOf: Int32Array;
  readonly ids: readonly string[];
  readonly measures: Float64Array;
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
  /** Rep holding most of each unit's accounts (-1 when none). */
  readonly owner: Int32Array;
  /** Rep a unit is locked to (the lock of one of its accounts), -1 when free. */
  readonly lockTo: Int32Array;
  readonly edges: number[];
  /** Accounts without a key, joined to the nearest area. */
  readonly unmatched: number;
  /** Accounts whose key names no area of the geography (strict grouping only; nothing joined). */
  readonly unknown: readonly { readonly account: number; readonly key: string }[];
  readonly lockConflicts: number;
}

/**
 * Group accounts into the units of a geography by key (e.g. county FIPS, ZIP code); a key is also
 * tried without a suffix after "-" (ZIP+4) and left-padded with zeros to five digits (a FIPS or
 * ZIP read as a number). Accounts without a key join the unit with the nearest centre; so do those
 * whose key names no area, unless `strict` (ZIP plans): they are then listed in `unknown`, for the
 * caller to refuse. Every unit of the geography is kept (empty ones too) so adjacency stays connected.
 */
export function groupIntoAreas(
  geo: Geography,
  keys: readonly (string | null)[],
  lat: readonly (number | null)[],
  lon: readonly (number | null)[],
  accountMeasures: Float64Array,
  m: number,
  accountOwner: Int32Array,
  accountLock: Int32Array,
  reps: number,
  strict = false,
): AreaUnits {
  const n = geo.ids.length;
  const index = new Map(geo.ids.map((id, i) => [id, i]));
  const unitOf = new Int32Array(keys.length);
  let unmatched = 0;
  const unknown: { account: number; key: string }[] = [];
  // Nearest centre (in degrees) through a triangulation of the centres, built when first needed.
  let nearest: Delaunay<unknown> | undefined;
  let hint = 0;
  keys.forEach((k, a) => {
    const i = k === null ? undefined : lookup(index, k);
    if (i !== undefined) {
      unitOf[a] = i;
      return;
    }
    if (strict && k !== null && k.trim() !== "") {
      unknown.push({ account: a, key: k });
      return;
    }
    unmatched++;
    const la = lat[a] ?? null;
    const lo = lon[a] ?? null;
    let best = 0;
    if (la !== null && lo !== null && n > 0) {
      nearest ??= new Delaunay(
        Float64Array.from({ length: 2 * n }, (_, j) =>
          j % 2 === 0 ? (geo.longitude[j >> 1] ?? 0) : (geo.latitude[j >> 1] ?? 0),
        ),
      );
      best = nearest.find(lo, la, hint);
      hint = best;
    }
    unitOf[a] = best;
  });
  const measures = new Float64Array(n * m);
  const votes = new Map<number, number>();
  const lockTo = new Int32Array(n).fill(-1);
  let lockConflicts = 0;
  for (let a = 0; a < keys.length; a++) {
    const u = unitOf[a] ?? 0;
    for (let k = 0; k < m; k++)
      measures[u * m + k] = (measures[u * m + k] ?? 0) + (accountMeasures[a * m + k] ?? 0);
    const o = accountOwner[a] ?? -1;
    if (o >= 0) votes.set(u * reps + o, (votes.get(u * reps + o) ?? 0) + 1);
    const l = accountLock[a] ?? -1;
    if (l >= 0) {
      if ((lockTo[u] ?? -1) >= 0 && lockTo[u] !== l) lockConflicts++;
      else lockTo[u] = l;
    }
  }
  const owner = new Int32Array(n).fill(-1);
  const top = new Float64Array(n);
  for (const [key, count] of votes) {
    const u = Math.floor(key / reps);
    if (count > (top[u] ?? 0)) {
      top[u] = count;
      owner[u] = key % reps;
    }
  }
  return {
    unitOf,
    ids: geo.ids,
    measures,
    latitude: Float64Array.from(geo.latitude),
    longitude: Float64Array.from(geo.longitude),
    owner,
    lockTo,
    edges: bridgeIslands(geo),
    unmatched,
    unknown,
    lockConflicts,
  };
}

/** A finder of area keys in a geography, read as groupIntoAreas reads them (ZIP+4, zero padding). */
export function areaFinder(geo: Geography): (key: string) => number | undefined {
  const index = new Map(geo.ids.map((id, i) => [id, i]));
  return (key) => lookup(index, key);
}

/**
 * Unit index of an area key: as given, without a "-" suffix (ZIP+4), the first five of nine digits
 * (ZIP+4 written without its dash), then zero-padded to five digits.
 */
function lookup(index: Map<string, number>, key: string): number | undefined {
  const k = key.trim();
  const dashless = k.split("-")[0] ?? k;
  const base = /^\d{9}$/.test(dashless) ? dashless.slice(0, 5) : dashless;
  return index.get(k) ?? index.get(base) ?? index.get(base.padStart(5, "0"));
}

/**
 * The geography's edges plus one bridge from every piece not connected to the largest piece
 * (islands such as Hawaii or Puerto Rico) to the nearest area of the largest piece, so a
 * connected territory can still include them.
 */
export function bridgeIslands(geo: Geography): number[] {
  const n = geo.ids.length;
  const nbr: number[][] = Array.from({ length: n }, () => []);
  const edges: number[] = [];
  for (const [a, b] of geo.edges) {
    nbr[a]?.push(b);
    nbr[b]?.push(a);
    edges.push(a, b);
  }
  const comp = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if ((comp[s] ?? 0) >= 0) continue;
    const c = sizes.length;
    const stack = [s];
    comp[s] = c;
    let size = 0;
    while (stack.length) {
      const u = stack.pop() ?? 0;
      size++;
      for (const v of nbr[u] ?? []) {
        if (comp[v] === -1) {
          comp[v] = c;
          stack.push(v);
        }
      }
    }
    sizes.push(size);
  }
  const main = sizes.indexOf(Math.max(...sizes));
  const d2 = (a: number, b: number) =>
    ((geo.latitude[a] ?? 0) - (geo.latitude[b] ?? 0)) ** 2 +
    ((geo.longitude[a] ?? 0) - (geo.longitude[b] ?? 0)) ** 2;
  for (let c = 0; c < sizes.length; c++) {
    if (c === main) continue;
    let bestA = -1;
    let bestB = -1;
    let bd = Number.POSITIVE_INFINITY;
    for (let a = 0; a < n; a++) {
      if (comp[a] !== c) continue;
      for (let b = 0; b < n; b++) {
        if (comp[b] !== main) continue;
        const d = d2(a, b);
        if (d < bd) {
          bd = d;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA >= 0) edges.push(bestA, bestB);
  }
  return edges;
}
