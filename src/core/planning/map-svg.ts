import { type GeoPermissibleObjects, geoAlbersUsa, geoPath } from "d3-geo";

/** A located account of a plan and its owner. */
export interface MapPoint {
  readonly latitude: number;
  readonly longitude: number;
  readonly owner: string;
  /** Whether the account changes owner in the plan (drawn with a ring). */
  readonly changed: boolean;
}

export interface MapOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  /** Most points drawn (an even sample of the rest is left out, and the caption says so). */
  readonly maxPoints?: number;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A colour per owner, spread around the hue circle by the golden angle (stable for a sorted list). */
export function ownerColours(owners: readonly string[]): Map<string, string> {
  const sorted = [...new Set(owners)].sort();
  return new Map(
    sorted.map((o, i) => [
      o,
      `hsl(${Math.round((i * 137.508) % 360)},${i % 2 ? 55 : 75}%,${i % 3 ? 45 : 35}%)`,
    ]),
  );
}

/** A GeoJSON geometry of borders (lines or polygons, longitude/latitude) drawn under the dots. */
export type BorderGeometry = GeoPermissibleObjects;

/**
 * A territory map as an SVG document: each account a dot in its owner's colour (accounts that
 * change owner ringed), in the Albers USA projection (Alaska and Hawaii inset) with state borders
 * when given, a frame fitted to the middle 99% of the accounts (a few far-off ones are left out and
 * counted), and a legend of the territories with their account counts. The projection is d3-geo's;
 * the few lines of SVG around it are written by hand.
 */
export function planMapSvg(
  points: readonly MapPoint[],
  opts: MapOptions & { borders?: BorderGeometry },
): string {
  const width = opts.width ?? 960;
  const height = opts.height ?? 600;
  const max = opts.maxPoints ?? 40_000;
  const step = Math.max(1, Math.ceil(points.length / max));
  const shown = points.filter((_, i) => i % step === 0);
  const colours = ownerColours(points.map((p) => p.owner));
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.owner, (counts.get(p.owner) ?? 0) + 1);
  // Legend: columns of owners on the right.
  const margin = 24;
  const top = 40;
  const rowH = 14;
  const rows = Math.max(1, Math.floor((height - top - margin - 30) / rowH));
  const legendCols = colours.size ? Math.ceil(colours.size / rows) : 0;
  const colW = 96;
  const legendW = legendCols * colW;
  const frameW = width - 2 * margin - (legendW ? legendW + 12 : 0);
  const frameH = height - top - margin;
  // Far-off accounts (outside the middle 99% of latitudes or longitudes, e.g. Hawaii next to a
  // mainland market) are left out; the frame is fitted to the projected rest.
  const lats = shown.map((p) => p.latitude).sort((a, b) => a - b);
  const lons = shown.map((p) => p.longitude).sort((a, b) => a - b);
  const q = (v: readonly number[], f: number) =>
    v[Math.min(v.length - 1, Math.floor(f * v.length))] ?? 0;
  const padLat = (q(lats, 0.995) - q(lats, 0.005)) * 0.02;
  const padLon = (q(lons, 0.995) - q(lons, 0.005)) * 0.02;
  const near = (p: MapPoint) =>
    p.latitude >= q(lats, 0.005) - padLat &&
    p.latitude <= q(lats, 0.995) + padLat &&
    p.longitude >= q(lons, 0.005) - padLon &&
    p.longitude <= q(lons, 0.995) + padLon;
  // Albers USA (Alaska and Hawaii inset); null outside the US.
  const projection = geoAlbersUsa();
  const projected = shown.map((p) => (near(p) ? projection([p.longitude, p.latitude]) : null));
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const at of projected) {
    if (!at) continue;
    x0 = Math.min(x0, at[0]);
    x1 = Math.max(x1, at[0]);
    y0 = Math.min(y0, at[1]);
    y1 = Math.max(y1, at[1]);
  }
  if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [0, 960, 0, 600];
  const pad = Math.max(x1 - x0, y1 - y0) * 0.02;
  x0 -= pad;
  x1 += pad;
  y0 -= pad;
  y1 += pad;
  const scale = Math.min(frameW / Math.max(x1 - x0, 1e-9), frameH / Math.max(y1 - y0, 1e-9));
  const ox = margin + (frameW - (x1 - x0) * scale) / 2;
  const oy = top + (frameH - (y1 - y0) * scale) / 2;
  const dots: string[] = [];
  let outside = 0;
  shown.forEach((p, i) => {
    const at = projected[i];
    if (!at) {
      outside++;
      return;
    }
    const c = colours.get(p.owner) ?? "#888";
    const x = (ox + (at[0] - x0) * scale).toFixed(1);
    const y = (oy + (at[1] - y0) * scale).toFixed(1);
    dots.push(
      p.changed
        ? `<circle cx="${x}" cy="${y}" r="2.2" fill="${c}" stroke="#111" stroke-width="0.35"/>`
        : `<circle cx="${x}" cy="${y}" r="1.8" fill="${c}"/>`,
    );
  });
  const borders = opts.borders ? (geoPath(projection)(opts.borders) ?? "") : "";
  const clip = `<clipPath id="frame"><rect x="${margin}" y="${top}" width="${frameW.toFixed(1)}" height="${frameH.toFixed(1)}"/></clipPath>`;
  const legend = [...colours.entries()].map(([owner, c], i) => {
    const lx = margin + frameW + 12 + Math.floor(i / rows) * colW;
    const ly = top + 20 + (i % rows) * rowH;
    return `<rect x="${lx}" y="${ly - 8}" width="9" height="9" fill="${c}"/><text x="${lx + 13}" y="${ly}">${esc(owner)} (${(counts.get(owner) ?? 0).toLocaleString("en-US")})</text>`;
  });
  const moved = points.filter((p) => p.changed).length;
  const caption = `${points.length.toLocaleString("en-US")} accounts, ${colours.size} territories, ${moved.toLocaleString("en-US")} move from another rep (ringed)${step > 1 ? `; every ${step}th account drawn` : ""}${outside > 0 ? `; ${outside.toLocaleString("en-US")} far-off not shown` : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(opts.title)}</title>`,
    `<defs>${clip}</defs>`,
    `<rect width="${width}" height="${height}" fill="#fbfaf7"/>`,
    `<rect x="${margin}" y="${top}" width="${frameW.toFixed(1)}" height="${frameH.toFixed(1)}" fill="#f3efe7" stroke="#d9d2c5"/>`,
    `<text x="${margin}" y="22" font-family="sans-serif" font-size="15" font-weight="bold">${esc(opts.title)}</text>`,
    `<text x="${width - margin}" y="22" font-family="sans-serif" font-size="11" text-anchor="end" fill="#555">${esc(caption)}</text>`,
    borders
      ? `<g clip-path="url(#frame)"><path d="${borders}" transform="translate(${(ox - x0 * scale).toFixed(2)},${(oy - y0 * scale).toFixed(2)}) scale(${scale.toFixed(5)})" fill="none" stroke="#9a9186" stroke-width="${(0.8 / scale).toFixed(4)}" stroke-linejoin="round"/></g>`
      : "",
    `<g fill-opacity="0.85" clip-path="url(#frame)">`,
    ...dots,
    "</g>",
    legend.length
      ? `<g font-family="sans-serif" font-size="10" fill="#333"><text x="${margin + frameW + 12}" y="${top + 6}" font-weight="bold">territory (accounts)</text>${legend.join("")}</g>`
      : "",
    "</svg>",
    "",
  ].join("\n");
}
