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

/**
 * A territory map as an SVG document: each account a dot in its owner's colour (accounts that
 * change owner ringed), in an equirectangular projection scaled by the cosine of the middle
 * latitude. Written by hand: a few lines of SVG need no charting library.
 */
export function planMapSvg(points: readonly MapPoint[], opts: MapOptions): string {
  const width = opts.width ?? 960;
  const height = opts.height ?? 600;
  const max = opts.maxPoints ?? 40_000;
  const step = Math.max(1, Math.ceil(points.length / max));
  const shown = points.filter((_, i) => i % step === 0);
  const margin = 24;
  const top = 40;
  // The frame holds the middle 99% of accounts in each direction (a few far-off ones, such as
  // Alaska or Hawaii next to the lower 48, would otherwise shrink the map to a corner).
  const lats = shown.map((p) => p.latitude).sort((a, b) => a - b);
  const lons = shown.map((p) => p.longitude).sort((a, b) => a - b);
  const q = (v: readonly number[], f: number) =>
    v[Math.min(v.length - 1, Math.floor(f * v.length))] ?? 0;
  const padLat = (q(lats, 0.995) - q(lats, 0.005)) * 0.02;
  const padLon = (q(lons, 0.995) - q(lons, 0.005)) * 0.02;
  const lat0 = q(lats, 0.005) - padLat;
  const lat1 = q(lats, 0.995) + padLat;
  const lon0 = q(lons, 0.005) - padLon;
  const lon1 = q(lons, 0.995) + padLon;
  const inside = (p: MapPoint) =>
    p.latitude >= lat0 && p.latitude <= lat1 && p.longitude >= lon0 && p.longitude <= lon1;
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const spanX = Math.max((lon1 - lon0) * k, 1e-9);
  const spanY = Math.max(lat1 - lat0, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - top - margin) / spanY);
  const px = (lon: number) => margin + (lon - lon0) * k * scale;
  const py = (lat: number) => top + (lat1 - lat) * scale;
  const colours = ownerColours(points.map((p) => p.owner));
  const drawn = shown.filter(inside);
  const dots = drawn.map((p) => {
    const c = colours.get(p.owner) ?? "#888";
    const x = px(p.longitude).toFixed(1);
    const y = py(p.latitude).toFixed(1);
    return p.changed
      ? `<circle cx="${x}" cy="${y}" r="2.2" fill="${c}" stroke="#111" stroke-width="0.35"/>`
      : `<circle cx="${x}" cy="${y}" r="1.8" fill="${c}"/>`;
  });
  const moved = points.filter((p) => p.changed).length;
  const outside = shown.length - drawn.length;
  const caption = `${points.length.toLocaleString("en-US")} accounts, ${colours.size} territories, ${moved.toLocaleString("en-US")} move from another rep (ringed)${step > 1 ? `; every ${step}th account drawn` : ""}${outside > 0 ? `; ${outside.toLocaleString("en-US")} far-off not shown` : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fbfaf7"/>`,
    `<text x="${margin}" y="22" font-family="sans-serif" font-size="15" font-weight="bold">${esc(opts.title)}</text>`,
    `<text x="${width - margin}" y="22" font-family="sans-serif" font-size="11" text-anchor="end" fill="#555">${esc(caption)}</text>`,
    `<g fill-opacity="0.85">`,
    ...dots,
    "</g>",
    "</svg>",
    "",
  ].join("\n");
}
