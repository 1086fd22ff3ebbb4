/** The solver's generator: sfc32 of the one seeded random module (src/core/random.ts). */
import { Sfc32 } from "../../random.js";

/** sfc32 seeded by splitmix32; kept under this name for the CTDP search. */
export class Rng extends Sfc32 {}
