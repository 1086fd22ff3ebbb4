/**
 * The forecast's Monte Carlo on two threads (src/io/forecast/simulate-parallel.ts) draws exactly
 * what the one-thread simulation draws: each group has its own random stream, whichever thread
 * runs it.
 */
import { describe, expect, it } from "vitest";
import { type NewChance, type OpenChance, simulate } from "../src/core/forecast/montecarlo.js";
import { seeded } from "../src/core/random.js";
import { simulateParallel } from "../src/io/forecast/simulate-parallel.js";

describe("parallel Monte Carlo", () => {
  it("equals the one-thread draws on a job split between a worker and this thread", async () => {
    const rng = seeded(3);
    const groups = 40;
    const open: OpenChance[] = Array.from({ length: 3000 }, () => ({
      group: rng.int(groups),
      amount: rng.lognormal(9, 1),
      p1: rng.next() * 0.7,
      p2: rng.next() * 0.3,
    }));
    const fresh: NewChance[] = Array.from({ length: groups }, (_, g) => ({
      group: g,
      wins1: rng.next() * 3,
      wins2: rng.next() * 3,
      amounts: Float64Array.from({ length: 5 }, () => rng.lognormal(9, 1)),
    }));
    const job = { groups, open, fresh, draws: 2000, seed: 7, shock: 0.1, newShock: 0.15 };
    const one = simulate(groups, open, fresh, job.draws, job.seed, job.shock, job.newShock);
    const two = await simulateParallel(job, 0);
    expect(two.period1).toEqual(one.period1);
    expect(two.period2).toEqual(one.period2);
    expect(one.period1.some((v) => v > 0)).toBe(true);
  }, 120_000);
});
