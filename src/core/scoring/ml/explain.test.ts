import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "./dataset.js";
import { formatReasons, topReasons } from "./explain.js";

const ds = (n: number): Dataset => ({
  rows: 1,
  features: Array.from({ length: n }, (_, j) => ({
    kind: "categorical" as const,
    column: `c${j}`,
    levels: ["a"],
  })),
  bins: Array.from({ length: n }, () => Uint8Array.of(1)),
  values: Array.from({ length: n }, () => null),
});

describe("reasons", () => {
  it("are the k largest pushes each way, largest first (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        (c, k) => {
          const contributions = Float64Array.from(c);
          const { up, down } = topReasons(ds(c.length), contributions, 0, k);
          const ups = c
            .filter((v) => v > 1e-9)
            .sort((a, b) => b - a)
            .slice(0, k);
          const downs = c
            .filter((v) => v < -1e-9)
            .sort((a, b) => a - b)
            .slice(0, k);
          expect(up.map((r) => r.effect)).toEqual(ups);
          expect(down.map((r) => r.effect)).toEqual(downs);
        },
      ),
    );
  });

  it("format as one cell", () => {
    const c = Float64Array.of(0.42, -0.2, 0.1);
    const { up, down } = topReasons(ds(3), c, 0, 2);
    expect(formatReasons(up)).toBe("c0=a (+0.42); c2=a (+0.10)");
    expect(formatReasons(down)).toBe("c1=a (-0.20)");
  });
});
