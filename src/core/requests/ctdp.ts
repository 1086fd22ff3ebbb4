/** Request of the CTDP benchmark solver (`paydirt ctdp solve`). */
import { z } from "zod";
import { int, num } from "./common.js";

export const CtdpSolveRequest = z.strictObject({
  /** Seconds of search. */
  time: num(0.001, 86_400).default(60),
  seed: int(-(2 ** 31), 2 ** 31).default(1),
  /** Independent searches on worker threads. */
  workers: int(1, 256).optional(),
});
export type CtdpSolveRequest = z.infer<typeof CtdpSolveRequest>;
