import { describe, expect, it } from "vitest";
import { ownerColours, planMapSvg } from "./map-svg.js";

describe("plan map", () => {
  const points = Array.from({ length: 1000 }, (_, i) => ({
    latitude: 30 + (i % 20),
    longitude: -120 + Math.floor(i / 20),
    owner: `R${i % 7}`,
    changed: i % 10 === 0,
  }));

  it("draws every account in its owner's colour, moved ones ringed, inside the picture", () => {
    const svg = planMapSvg(points, { title: "A & B <plan>", width: 800, height: 500 });
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg).toContain("A &amp; B &lt;plan&gt;");
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)];
    expect(circles.length).toBe(1000);
    for (const [, x, y] of circles) {
      expect(Number(x)).toBeGreaterThanOrEqual(0);
      expect(Number(x)).toBeLessThanOrEqual(800);
      expect(Number(y)).toBeGreaterThanOrEqual(0);
      expect(Number(y)).toBeLessThanOrEqual(500);
    }
    expect(svg.match(/stroke="#111"/g)?.length).toBe(100);
    expect(new Set([...svg.matchAll(/fill="(hsl[^"]+)"/g)].map((m) => m[1])).size).toBe(7);
    expect(svg).toContain("1,000 accounts, 7 territories, 100 move from another rep");
  });

  it("keeps a few far-off accounts from shrinking the map, and says they are left out", () => {
    const far = [...points, { latitude: 21, longitude: -157, owner: "R1", changed: false }];
    const svg = planMapSvg(far, { title: "t", width: 800, height: 500 });
    expect([...svg.matchAll(/<circle /g)].length).toBe(1000);
    expect(svg).toContain("1 far-off not shown");
  });

  it("samples evenly above the cap and says so", () => {
    const svg = planMapSvg(points, { title: "t", maxPoints: 250 });
    expect([...svg.matchAll(/<circle /g)].length).toBe(250);
    expect(svg).toContain("every 4th account drawn");
  });

  it("gives distinct owners distinct colours, whatever order they come in", () => {
    const a = ownerColours(["b", "a", "c", "a"]);
    const b = ownerColours(["c", "b", "a"]);
    expect([...a.entries()]).toEqual([...b.entries()]);
    expect(new Set(a.values()).size).toBe(3);
  });

  it("draws the given borders, a legend of every territory with its accounts, and fits the frame to the data", () => {
    const borders = {
      type: "MultiLineString" as const,
      coordinates: [
        [
          [-125, 40],
          [-70, 40],
        ],
      ],
    };
    const svg = planMapSvg(points, { title: "t", width: 900, height: 500, borders });
    expect(svg).toMatch(
      /<path d="M[^"]+" transform="translate\([^)]+\) scale\([^)]+\)" fill="none"/,
    );
    for (let r = 0; r < 7; r++)
      expect(svg).toContain(`R${r} (${points.filter((p) => p.owner === `R${r}`).length})`);
    // The dots fill the frame in at least one direction (fitted to the data, not to the country).
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    const frame = /<rect x="24" y="40" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    const fw = Number(frame?.[1]);
    const fh = Number(frame?.[2]);
    const spanX = Math.max(...xs) - Math.min(...xs);
    const spanY = Math.max(...ys) - Math.min(...ys);
    expect(Math.max(spanX / fw, spanY / fh)).toBeGreaterThan(0.9);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(24);
    expect(Math.max(...xs)).toBeLessThanOrEqual(24 + fw);
  });
});
