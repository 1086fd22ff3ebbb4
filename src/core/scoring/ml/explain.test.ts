import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "./dataset.js";
import { displayValue, formatReasons, topReasons } from "./explain.js";

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

describe("displayed values", () => {
  it("show numbers briefly, dates as days, booleans as yes/no", () => {
    const numeric = (source: "number" | "date" | "boolean", x: number): Dataset => ({
      rows: 1,
      features: [
        {
          kind: "numeric",
          column: "x",
          source,
          edges: [0],
          log: false,
          center: 0,
          scale: 1,
          fill: 0,
        },
      ],
      bins: [Uint8Array.of(1)],
      values: [Float64Array.of(x)],
    });
    expect(displayValue(numeric("number", 1234.5678), 0, 0)).toBe("1234.6");
    expect(displayValue(numeric("number", 2.71234), 0, 0)).toBe("2.712");
    expect(displayValue(numeric("number", 0.000123456), 0, 0)).toBe("0.0001235");
    expect(displayValue(numeric("number", 42), 0, 0)).toBe("42");
    expect(displayValue(numeric("date", 19723), 0, 0)).toBe("2024-01-01");
    expect(displayValue(numeric("boolean", 1), 0, 0)).toBe("yes");
  });
});
