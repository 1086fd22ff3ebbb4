/**
 * The market generator's streams: `seededStream(seed, stream)` of the one seeded random module
 * (src/core/random.ts), kept under these names for the generators.
 */
import { Mulberry32, splitmix32 } from "../core/random.js";

export { WeightedSampler } from "../core/random.js";

/** Stream `stream` of a seed (mulberry32 seeded through splitmix32). */
export class Rng extends Mulberry32 {
  constructor(seed: number, stream = 0) {
    super(splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9)));
  }
}
