import { describe, expect, it } from "vitest";
import { seeded } from "../random.js";
import { CONTINUE, fitHazard, LOST, WON, weekHazard, winSchedule } from "./hazard.js";

/** Deal-weeks simulated from known won/lost coefficients (x = [1, x1, x2, log1p(week)]). */
function simulate(seed: number, deals: number, won: number[], lost: number[], horizon = 40) {
  const rng = seeded(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const xs: number[] = [];
  const ys: number[] = [];
  const model = {
    width: 4,
    won: Float64Array.from(won),
    lost: Float64Array.from(lost),
    iterations: 0,
    logLik: 0,
  };
  for (let d = 0; d < deals; d++) {
    const x1 = normal();
    const x2 = rng.next() < 0.4 ? 1 : 0;
    for (let k = 0; k < horizon; k++) {
      const row = [1, x1, x2, Math.log1p(k)];
      const h = weekHazard(model, row);
      const u = rng.next();
      const y = u < h.won ? WON : u < h.won + h.lost ? LOST : CONTINUE;
      xs.push(...row);
      ys.push(y);
      if (y !== CONTINUE) break;
    }
  }
  return { x: Float64Array.from(xs), y: Uint8Array.from(ys), rows: ys.length, width: 4 };
}

describe("weekly competing-risks hazard", () => {
  it("recovers known won and lost hazards from simulated deals", () => {
    const won = [-3, 0.8, 0, 0.5];
    const lost = [-2.5, -0.6, 0.7, 0];
    const fit = fitHazard(simulate(7, 20_000, won, lost), { l2: 1e-7 });
    for (let j = 0; j < 4; j++) {
      expect(Math.abs((fit.won[j] as number) - (won[j] as number)), `won[${j}]`).toBeLessThan(0.12);
      expect(Math.abs((fit.lost[j] as number) - (lost[j] as number)), `lost[${j}]`).toBeLessThan(
        0.12,
      );
    }
  });

  it("shrinks coefficients toward zero as the penalty grows", () => {
    const data = simulate(8, 3000, [-3, 0.8, 0, 0.5], [-2.5, -0.6, 0.7, 0]);
    const norm = (l2: number) => {
      const f = fitHazard(data, { l2 });
      let s = 0;
      for (let j = 1; j < 4; j++) s += (f.won[j] as number) ** 2 + (f.lost[j] as number) ** 2;
      return s;
    };
    expect(norm(0.1)).toBeLessThan(norm(1e-6));
  });

  it("a prior sd shrinks less as data grow, a fixed mean-scale penalty does not", () => {
    const small = simulate(9, 1500, [-3, 0.8, 0, 0.5], [-2.5, -0.6, 0.7, 0]);
    // The same deal-weeks four times over: the likelihood is four times as sure.
    const x = new Float64Array(small.x.length * 4);
    const y = new Uint8Array(small.rows * 4);
    for (let k = 0; k < 4; k++) {
      x.set(small.x, k * small.x.length);
      y.set(small.y, k * small.rows);
    }
    const big = { x, y, rows: small.rows * 4, width: 4 };
    const slope = (d: typeof small, o: { l2?: number; priorSd?: number }) =>
      Math.abs(fitHazard(d, o).won[1] as number);
    // Fixed penalty on the mean log-likelihood: duplicating rows changes nothing.
    expect(slope(big, { l2: 0.05 })).toBeCloseTo(slope(small, { l2: 0.05 }), 4);
    // A prior: four times the data pull the estimate further from zero.
    expect(slope(big, { priorSd: 0.05 })).toBeGreaterThan(slope(small, { priorSd: 0.05 }) + 0.01);
  });

  it("gives the eventual win probability that repeated draws of the same hazards give", () => {
    const rng = seeded(3);
    const won = Array.from({ length: 12 }, (_, k) => 0.02 + 0.01 * k);
    const lost = Array.from({ length: 12 }, (_, k) => 0.05 - 0.002 * k);
    const { eventual, weekly } = winSchedule(won, lost);
    let wins = 0;
    let inHorizon = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      for (let k = 0; ; k++) {
        const hw = won[Math.min(k, 11)] as number;
        const hl = lost[Math.min(k, 11)] as number;
        const u = rng.next();
        if (u < hw) {
          wins++;
          if (k < 12) inHorizon++;
          break;
        }
        if (u < hw + hl) break;
      }
    }
    const se = Math.sqrt((eventual * (1 - eventual)) / n);
    expect(Math.abs(wins / n - eventual)).toBeLessThan(4 * se);
    const within = weekly.reduce((s, v) => s + v, 0);
    expect(Math.abs(inHorizon / n - within)).toBeLessThan(4 * se);
  });
});
