import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { type BorderGeometry, planMapSvg } from "../../core/planning/map-svg.js";
import { CsvByteWriter } from "../csv/byte-writer.js";
import type { AreaOwners, AssignmentRow } from "./scenarios.js";

/** Write account -> new owner as CSV, ready for a CRM ownership update (changed rows flagged, with the reason). */
export function writeOwnershipCsv(file: string, rows: readonly AssignmentRow[]): number {
  const fd = openSync(file, "w");
  try {
    const out = new CsvByteWriter(fd, true, true);
    out.row(["account_id", "new_owner_id", "old_owner_id", "changed", "reason"]);
    for (const r of rows) {
      out.row([
        r.account_id,
        r.new_owner,
        r.old_owner,
        r.new_owner !== r.old_owner,
        r.reason ?? "",
      ]);
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
  return rows.length;
}

/**
 * Write area -> owner as CSV (`zip,owner_id` or `county_fips,owner_id`), every area of the plan
 * including those without accounts, for territory rules in a CRM.
 */
export function writeAreaOwnersCsv(
  file: string,
  areas: AreaOwners,
  repIds: readonly string[],
): number {
  const fd = openSync(file, "w");
  try {
    const out = new CsvByteWriter(fd, true, true);
    out.row([areas.units === "zips" ? "zip" : "county_fips", "owner_id"]);
    areas.ids.forEach((id, i) => {
      out.row([id, repIds[areas.rep[i] ?? -1] ?? null]);
    });
    out.flush();
  } finally {
    closeSync(fd);
  }
  return areas.ids.length;
}

/** Write the plan as a GeoJSON FeatureCollection of account points (accounts without a location are left out). */
export function writePlanGeoJson(file: string, rows: readonly AssignmentRow[]): number {
  const features = rows
    .filter((r) => r.latitude !== null && r.longitude !== null)
    .map((r) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [r.longitude, r.latitude] },
      properties: {
        account_id: r.account_id,
        owner: r.new_owner,
        old_owner: r.old_owner,
        changed: r.new_owner !== r.old_owner,
        reason: r.reason ?? "",
      },
    }));
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features }));
  return features.length;
}

/** US state borders (and the coast) from the us-atlas package, as one GeoJSON MultiLineString. */
export function usStateBorders(): BorderGeometry {
  const file = createRequire(import.meta.url).resolve("us-atlas/states-10m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as Topology<{ states: GeometryCollection }>;
  return mesh(topo, topo.objects.states);
}

/** Write a map of the plan (accounts coloured by new owner, moved ones ringed) as SVG. */
export function writePlanSvg(file: string, name: string, rows: readonly AssignmentRow[]): number {
  const points = rows.flatMap((r) =>
    r.latitude !== null && r.longitude !== null && r.new_owner !== null
      ? [
          {
            latitude: r.latitude,
            longitude: r.longitude,
            owner: r.new_owner,
            // Ringed: accounts taken from another rep (unowned ones gaining an owner are not moves).
            changed: r.old_owner !== null && r.new_owner !== r.old_owner,
          },
        ]
      : [],
  );
  writeFileSync(
    file,
    planMapSvg(points, { title: `territory plan ${name}`, borders: usStateBorders() }),
  );
  return points.length;
}
