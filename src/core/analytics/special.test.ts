import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaCdf, betaQuantile, goldenMax, lgamma, normalCdf, normalQuantile } from "./special.js";

describe("special functions", () => {
  it("lgamma matches log factorials and Gamma(1/2) = sqrt(pi)", () => {
    let f = 0;
    for (let n = 1; n <= 30; n++) {
      expect(lgamma(n)).toBeCloseTo(f, 9);
      f += Math.log(n);
    }
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });

  it("beta CDF matches closed forms", () => {
    // Beta(1, 1) is uniform; Beta(2, 1) has CDF x^2; Beta(1, 3) has CDF 1 - (1 - x)^3.
    for (const x of [0.05, 0.3, 0.5, 0.77, 0.99]) {
      expect(betaCdf(x, 1, 1)).toBeCloseTo(x, 10);
      expect(betaCdf(x, 2, 1)).toBeCloseTo(x * x, 10);
      expect(betaCdf(x, 1, 3)).toBeCloseTo(1 - (1 - x) ** 3, 10);
    }
    // Symmetry: I_x(a, b) = 1 - I_{1-x}(b, a).
    expect(betaCdf(0.3, 7.5, 2.25)).toBeCloseTo(1 - betaCdf(0.7, 2.25, 7.5), 10);
  });

  it("beta quantile inverts the CDF", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.2, max: 500, noNaN: true }),
        fc.double({ min: 0.2, max: 500, noNaN: true }),
        (p, a, b) => {
          expect(betaCdf(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 4);
        },
      ),
    );
  });

  it("normal quantile and CDF are inverse and match known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 10);
    expect(normalCdf(1.644854)).toBeCloseTo(0.95, 5);
    for (const p of [0.001, 0.02, 0.3, 0.9, 0.999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it("golden-section search finds the maximum of a concave function", () => {
    expect(goldenMax((x) => -((x - 1.234) ** 2), -10, 10)).toBeCloseTo(1.234, 6);
    expect(goldenMax((x) => x, 0, 5)).toBeCloseTo(5, 6);
  });
});
