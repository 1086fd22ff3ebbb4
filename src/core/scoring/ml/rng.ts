/** The training generator: `seeded(seed)` of the one seeded random module (src/core/random.ts). */
import { Mulberry32 } from "../../random.js";

/** mulberry32 seeded as `seeded(seed)`; kept under this name for the learners. */
export class Rng extends Mulberry32 {
  constructor(seed: number) {
    super((seed ^ 0x9e3779b9) >>> 0);
  }
}
