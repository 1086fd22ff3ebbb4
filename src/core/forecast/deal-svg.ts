/**
 * One deal's usage path drawn over the won and lost bands of its segment at the same ages (P10-P90
 * shaded, medians dashed): where the deal sits between deals that were won and deals that were
 * lost, and where it is heading.
 */
import type { SegmentBands } from "./momentum.js";

export interface DealPathChart {
  readonly title: string;
  readonly ages: readonly number[];
  readonly usage: readonly number[];
  readonly bands: SegmentBands | undefined;
}

/** The chart as a standalone SVG (x: weeks since the deal opened, y: log(1 + daily usage)). */
export function dealPathSvg(c: DealPathChart, width = 720, height = 360): string {
  const pad = 50;
  const weeks = Math.max(
    4,
    c.ages.length - 1,
    ...(c.bands ? [Math.min(26, c.ages.length + 4)] : []),
  );
  const bandAt = (b: Float64Array, w: number) => b[Math.min(b.length - 1, w)] as number;
  let maxY = Math.max(0.5, ...c.usage);
  if (c.bands)
    for (let w = 0; w <= weeks; w++)
      maxY = Math.max(maxY, bandAt(c.bands.won.p90, w), bandAt(c.bands.lost.p90, w));
  const sx = (w: number) => pad + (w / weeks) * (width - 2 * pad);
  const sy = (v: number) => height - pad - (v / maxY) * (height - 2 * pad);
  const area = (lo: Float64Array, hi: Float64Array) => {
    const top: string[] = [];
    const bottom: string[] = [];
    for (let w = 0; w <= weeks; w++) {
      top.push(`${w ? "L" : "M"}${sx(w).toFixed(1)},${sy(bandAt(hi, w)).toFixed(1)}`);
      bottom.unshift(`L${sx(w).toFixed(1)},${sy(bandAt(lo, w)).toFixed(1)}`);
    }
    return `${top.join(" ")} ${bottom.join(" ")} Z`;
  };
  const path = (ys: (w: number) => number, n: number) =>
    Array.from(
      { length: n },
      (_, w) => `${w ? "L" : "M"}${sx(w).toFixed(1)},${sy(ys(w)).toFixed(1)}`,
    ).join(" ");
  const bands = c.bands
    ? `<path d="${area(c.bands.won.p10, c.bands.won.p90)}" fill="#74c476" opacity="0.35"/>
<path d="${area(c.bands.lost.p10, c.bands.lost.p90)}" fill="#fb6a4a" opacity="0.3"/>
<path d="${path((w) => bandAt(c.bands?.won.p50 ?? new Float64Array(1), w), weeks + 1)}" fill="none" stroke="#238b45" stroke-dasharray="5,4"/>
<path d="${path((w) => bandAt(c.bands?.lost.p50 ?? new Float64Array(1), w), weeks + 1)}" fill="none" stroke="#cb181d" stroke-dasharray="5,4"/>
<text x="${width - pad}" y="34" font-size="11" text-anchor="end" fill="#238b45">won deals (P10-P90, median dashed; ${c.bands.won.deals})</text>
<text x="${width - pad}" y="48" font-size="11" text-anchor="end" fill="#cb181d">lost deals (P10-P90, median dashed; ${c.bands.lost.deals})</text>`
    : `<text x="${pad}" y="40" font-size="11">too few closed deals with usage for bands</text>`;
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad}" y="20" font-size="14">${esc(c.title)}</text>
${bands}
<path d="${path((w) => c.usage[w] ?? 0, c.usage.length)}" fill="none" stroke="#08306b" stroke-width="2.5"/>
<text x="${pad}" y="${height - pad + 18}" font-size="11">week 0</text>
<text x="${width - pad}" y="${height - pad + 18}" font-size="11" text-anchor="end">week ${weeks} since the deal opened</text>
<text x="14" y="${pad}" font-size="11">log(1 + daily usage)</text>
</svg>
`;
}
