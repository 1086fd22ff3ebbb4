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
});
