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
});
