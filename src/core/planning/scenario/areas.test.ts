import { describe, expect, it } from "vitest";
import { bridgeIslands, groupIntoAreas } from "./areas.js";
import type { Geography } from "./geography.js";

const geo: Geography = {
  ids: ["01001", "01003", "01005", "15001"],
  latitude: [32, 32, 33, 20],
  longitude: [-86, -87, -86, -155],
  edges: [
    [0, 1],
    [1, 2],
  ],
};

describe("areas", () => {
  it("bridges islands to the nearest area of the main piece", () => {
    const e = bridgeIslands(geo);
    expect(e.slice(0, 4)).toEqual([0, 1, 1, 2]);
    // The island (15001) links to the closest mainland area by centre.
    expect(e.slice(4)).toEqual([3, 1]);
  });

  it("sums account measures per area, keeps majority owners and locks, and places unknown keys nearby", () => {
    const a = groupIntoAreas(
      geo,
      ["01001", "1001", null, "99999"],
      [32, 32, 33.1, 20.1],
      [-86, -86, -86, -155],
      Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]),
      2,
      Int32Array.from([0, 1, 1, -1]),
      Int32Array.from([-1, -1, -1, 1]),
      2,
    );
    expect([...a.unitOf]).toEqual([0, 0, 2, 3]);
    expect([...a.measures]).toEqual([3, 30, 0, 0, 3, 30, 4, 40]);
    expect(a.unmatched).toBe(2);
    expect([...a.lockTo]).toEqual([-1, -1, -1, 1]);
    expect(a.owner[2]).toBe(1);
  });

  it("reads ZIP+4 and numeric keys as their five-digit key, and finds the nearest centre as a full scan does", () => {
    const zips: Geography = {
      ids: Array.from({ length: 200 }, (_, i) => String(1000 + i * 37).padStart(5, "0")),
      latitude: Array.from({ length: 200 }, (_, i) => 30 + ((i * 7919) % 199) / 20),
      longitude: Array.from({ length: 200 }, (_, i) => -100 + ((i * 104729) % 197) / 14),
      edges: [],
    };
    const lat = Array.from({ length: 50 }, (_, a) => 29 + ((a * 31) % 120) / 10);
    const lon = Array.from({ length: 50 }, (_, a) => -101 + ((a * 17) % 160) / 10);
    const keys: (string | null)[] = lat.map(() => null);
    keys[0] = "01037-4411";
    keys[1] = "1074";
    const a = groupIntoAreas(
      zips,
      keys,
      lat,
      lon,
      new Float64Array(50),
      1,
      new Int32Array(50).fill(-1),
      new Int32Array(50).fill(-1),
      1,
    );
    expect(a.unitOf[0]).toBe(1);
    expect(a.unitOf[1]).toBe(2);
    expect(a.unmatched).toBe(48);
    for (let i = 2; i < 50; i++) {
      let best = 0;
      let bd = Number.POSITIVE_INFINITY;
      zips.ids.forEach((_, u) => {
        const d =
          ((zips.latitude[u] ?? 0) - (lat[i] ?? 0)) ** 2 +
          ((zips.longitude[u] ?? 0) - (lon[i] ?? 0)) ** 2;
        if (d < bd) {
          bd = d;
          best = u;
        }
      });
      expect(a.unitOf[i]).toBe(best);
    }
  });

  it("strict (ZIP plans): lists each account whose key names no area instead of placing it; empty keys still join the nearest", () => {
    const keys = ["01001", "99999", null, " ", "010019999", "01005-0001", "ABCDE"];
    const a = groupIntoAreas(
      geo,
      keys,
      keys.map(() => 32),
      keys.map(() => -86),
      new Float64Array(keys.length),
      1,
      new Int32Array(keys.length).fill(-1),
      new Int32Array(keys.length).fill(-1),
      2,
      true,
    );
    expect(a.unknown).toEqual([
      { account: 1, key: "99999" },
      { account: 6, key: "ABCDE" },
    ]);
    expect(a.unmatched).toBe(2);
    // Nine digits read as ZIP+4 without its dash.
    expect(a.unitOf[4]).toBe(0);
    expect(a.unitOf[5]).toBe(2);
  });
});
