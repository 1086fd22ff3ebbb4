import { describe, expect, it } from "vitest";
import { Rng } from "../ctdp/rng.js";
import type { Geography } from "./geography.js";
import { triangulatedGeography } from "./triangulate.js";

/** Connected pieces of a geography's graph. */
function pieces(g: Geography): number {
  const n = g.ids.length;
  const nbr: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of g.edges) {
    nbr[a]?.push(b);
    nbr[b]?.push(a);
  }
  const seen = new Uint8Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    count++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      for (const v of nbr[stack.pop() ?? 0] ?? []) {
        if (!seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
  }
  return count;
}

const has = (g: Geography, a: number, b: number) =>
  g.edges.some(([u, v]) => (u === a && v === b) || (u === b && v === a));

/** Two dense clusters of points 5 degrees apart (a "lake" between them), groups unknown. */
function twoTowns(seed: number, perTown: number) {
  const rng = new Rng(seed);
  const latitude: number[] = [];
  const longitude: number[] = [];
  const group: null[] = [];
  for (let t = 0; t < 2; t++)
    for (let i = 0; i < perTown; i++) {
      latitude.push(40 + rng.next() * 0.5);
      longitude.push(-100 + t * 5 + rng.next() * 0.5);
      group.push(null);
    }
  const ids = latitude.map((_, i) => String(i).padStart(5, "0"));
  return { ids, latitude, longitude, group };
}

describe("triangulated geography", () => {
  it("drops the long edges across a gap but stays connected through one bridge", () => {
    for (const seed of [1, 2, 3]) {
      const units = twoTowns(seed, 40);
      const g = triangulatedGeography(units);
      expect(pieces(g)).toBe(1);
      const town = (u: number) => ((units.longitude[u] ?? 0) < -97 ? 0 : 1);
      const across = g.edges.filter(([a, b]) => town(a) !== town(b));
      // Exactly one edge joins the towns (the shortest), not the several the hull gives.
      expect(across).toHaveLength(1);
      expect(g.bridged).toBe(1);
      expect(g.dropped).toBeGreaterThan(0);
    }
  });

  it("keeps edges between adjacent groups and drops those between groups that do not touch", () => {
    // Three points in a row, evenly spaced, each in its own county.
    const units = {
      ids: ["a", "b", "c", "d"],
      latitude: [40, 40, 40, 40.01],
      longitude: [-100, -99.9, -99.8, -99.9],
      group: ["A", "B", "C", "B"],
    };
    const touching = (x: string, y: string) => [x, y].sort().join() !== "A,C";
    const g = triangulatedGeography(units, { groupsAdjacent: touching });
    expect(has(g, 0, 1)).toBe(true);
    expect(has(g, 1, 2)).toBe(true);
    expect(has(g, 0, 2)).toBe(false);
    expect(pieces(g)).toBe(1);
    // Without adjacency between different groups, only same-group edges and bridges remain.
    const apart = triangulatedGeography(units);
    expect(pieces(apart)).toBe(1);
    expect(apart.bridged).toBe(2);
  });

  it("joins units sharing a centroid and places far longitudes across the antimeridian", () => {
    const units = {
      ids: ["1", "2", "3", "4", "5"],
      latitude: [50, 50, 51, 52, 51],
      longitude: [179.9, 179.9, -179.9, 179.95, 179.8],
      group: [null, null, null, null, null],
    };
    const g = triangulatedGeography(units);
    expect(has(g, 0, 1)).toBe(true);
    expect(pieces(g)).toBe(1);
    // Unit 3 (just east of the antimeridian) is a triangulation neighbour of the points west of it.
    expect(g.edges.some(([a, b]) => (a === 2 || b === 2) && a !== b)).toBe(true);
    expect(g.bridged).toBe(0);
  });
});
