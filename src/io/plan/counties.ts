import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Geography } from "../../core/planning/scenario/geography.js";

interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: { counties: { geometries: { type: string; id?: string; arcs: unknown }[] } };
}

/** Arc indices of a TopoJSON geometry (nested arrays; ~i stands for arc i reversed). */
function arcIndices(arcs: unknown, out: number[]): void {
  if (typeof arcs === "number") out.push(arcs < 0 ? ~arcs : arcs);
  else if (Array.isArray(arcs)) for (const a of arcs) arcIndices(a, out);
}

/**
 * US counties from the us-atlas package: FIPS id, an approximate centre (mean of the boundary
 * points) and adjacency (counties sharing a boundary arc).
 */
export function usCounties(): Geography {
  const file = createRequire(import.meta.url).resolve("us-atlas/counties-10m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as Topology;
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  // Decode each arc once: delta-encoded quantised points; keep the sum and count of its points.
  const arcSum = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    let lon = 0;
    let lat = 0;
    for (const [dx, dy] of arc) {
      x += dx;
      y += dy;
      lon += x * sx + tx;
      lat += y * sy + ty;
    }
    return { lon, lat, count: arc.length };
  });
  const ids: string[] = [];
  const latitude: number[] = [];
  const longitude: number[] = [];
  const owners = new Map<number, number[]>();
  topo.objects.counties.geometries.forEach((g) => {
    if (!g.id) return;
    const idx: number[] = [];
    arcIndices(g.arcs, idx);
    let lon = 0;
    let lat = 0;
    let count = 0;
    for (const i of idx) {
      const s = arcSum[i];
      if (!s) continue;
      lon += s.lon;
      lat += s.lat;
      count += s.count;
      const list = owners.get(i) ?? [];
      list.push(ids.length);
      owners.set(i, list);
    }
    ids.push(g.id);
    longitude.push(count ? lon / count : 0);
    latitude.push(count ? lat / count : 0);
  });
  const edges: [number, number][] = [];
  for (const list of owners.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) edges.push([list[a] ?? 0, list[b] ?? 0]);
    }
  }
  return { ids, latitude, longitude, edges };
}
