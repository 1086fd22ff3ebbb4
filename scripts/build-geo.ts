/**
 * Builds src/synth/data/counties.csv from the US Census county population estimates
 * (../shared/data/us-county-population/co-est2019-alldata.csv, public domain): one row per
 * county with its 5-digit FIPS code, state, name and 2019 population estimate.
 * Run: npx tsx scripts/build-geo.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseCsvText } from "../src/io/csv/reader.js";
import { csvLine } from "../src/io/csv/write.js";

const src = new URL(
  "../../shared/data/us-county-population/co-est2019-alldata.csv",
  import.meta.url,
);
const { header, rows } = parseCsvText(readFileSync(src, "utf8"));
const col = (name: string) => header.indexOf(name);
const [sumlev, state, county, stname, ctyname, pop] = [
  "SUMLEV",
  "STATE",
  "COUNTY",
  "STNAME",
  "CTYNAME",
  "POPESTIMATE2019",
].map(col) as [number, number, number, number, number, number];
let out = csvLine(["fips", "state_name", "county_name", "population"]);
for (const r of rows) {
  const f = r.fields;
  if (Number(f[sumlev]) !== 50) continue;
  const fips = `${(f[state] ?? "").padStart(2, "0")}${(f[county] ?? "").padStart(3, "0")}`;
  out += csvLine([fips, f[stname], f[ctyname], Number(f[pop])]);
}
writeFileSync(new URL("../src/synth/data/counties.csv", import.meta.url), out);
console.log("wrote src/synth/data/counties.csv");
