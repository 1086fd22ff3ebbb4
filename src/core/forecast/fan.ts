/**
 * Fan chart of the company forecast: cumulative won revenue from the first period's start, week by
 * week to the end of the second period, with the P10-P90 band and the median. Weekly bands use a
 * normal approximation of the sum (mean and variance of each open deal's win by that week and of
 * the new pipeline's compound Poisson count); the Monte Carlo P10/P50/P90 at each period end are
 * marked as dots.
 */
import type { ForecastResult } from "./forecast.js";
import { winBy } from "./model.js";
import { isoDay } from "./types.js";

const Z90 = 1.2815515655446004;

/** Weekly cumulative forecast points: day, P10, P50 (mean), P90. */
export function fanPoints(
  r: ForecastResult,
): { day: number; p10: number; p50: number; p90: number }[] {
  const [p1, p2] = r.periods;
  const out: { day: number; p10: number; p50: number; p90: number }[] = [];
  const start = Math.max(r.asOf, p1.start - 1);
  for (let t = start; ; t = Math.min(t + 7, p2.end)) {
    let mean = r.wonToDate;
    let variance = 0;
    r.scores.forEach((s, i) => {
      const p = winBy(s, r.asOf, t) - winBy(s, r.asOf, Math.max(r.asOf, p1.start - 1));
      const a = r.amounts[i] as number;
      mean += p * a;
      variance += p * (1 - p) * a * a;
    });
    for (const n of r.runRate.window(p1.start, t)) {
      let s2 = 0;
      for (const a of n.amounts) s2 += a * a;
      mean += n.wins * n.meanAmount;
      variance += (n.wins * s2) / n.amounts.length;
    }
    const sd = Math.sqrt(variance);
    out.push({
      day: t,
      p10: Math.max(r.wonToDate, mean - Z90 * sd),
      p50: mean,
      p90: mean + Z90 * sd,
    });
    if (t >= p2.end) break;
  }
  return out;
}

/** The fan chart as a standalone SVG. */
export function fanChartSvg(r: ForecastResult, width = 720, height = 360): string {
  const pts = fanPoints(r);
  const company = r.rows.filter((x) => x.by === "company");
  const maxY = Math.max(...pts.map((p) => p.p90), ...company.map((c) => c.p90), 1);
  const x0 = pts[0]?.day ?? r.asOf;
  const x1 = pts[pts.length - 1]?.day ?? r.asOf + 1;
  const pad = 56;
  const sx = (d: number) => pad + ((d - x0) / Math.max(1, x1 - x0)) * (width - 2 * pad);
  const sy = (v: number) => height - pad + (-v / maxY) * (height - 2 * pad);
  const line = (f: (p: (typeof pts)[number]) => number) =>
    pts.map((p, i) => `${i ? "L" : "M"}${sx(p.day).toFixed(1)},${sy(f(p)).toFixed(1)}`).join(" ");
  const band = `${line((p) => p.p90)} ${[...pts]
    .reverse()
    .map((p) => `L${sx(p.day).toFixed(1)},${sy(p.p10).toFixed(1)}`)
    .join(" ")} Z`;
  const fmt = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : `${Math.round(v / 1e3)}k`);
  const dots = company
    .map((c, i) => {
      const d = r.periods[i]?.end ?? x1;
      const cum = i === 0 ? 0 : (company[0]?.p50 ?? 0);
      return [c.p10, c.p50, c.p90]
        .map(
          (v) =>
            `<circle cx="${sx(d).toFixed(1)}" cy="${sy(v + cum).toFixed(1)}" r="3" fill="#1f4e79"/>`,
        )
        .join("");
    })
    .join("");
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${pad - 6}" y="${sy(f * maxY).toFixed(1)}" text-anchor="end" font-size="11">${fmt(f * maxY)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad}" y="20" font-size="14">Won revenue from ${isoDay(r.periods[0].start)}, as of ${isoDay(r.asOf)}: P10-P90 band, median line, Monte Carlo P10/P50/P90 at period ends</text>
<path d="${band}" fill="#9ecae1" opacity="0.6"/>
<path d="${line((p) => p.p50)}" fill="none" stroke="#1f4e79" stroke-width="2"/>
${dots}${ticks}
<text x="${pad}" y="${height - pad + 18}" font-size="11">${isoDay(x0)}</text>
<text x="${width - pad}" y="${height - pad + 18}" font-size="11" text-anchor="end">${isoDay(x1)}</text>
</svg>
`;
}
