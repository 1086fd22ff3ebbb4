/** Request of the synthetic market generator (`paydirt synth`, `paydirt demo`). */
import { z } from "zod";
import { day, int, num } from "./common.js";

export const SynthRequest = z.strictObject({
  accounts: int(1, 10_000_000).default(20_000),
  reps: int(1, 100_000).default(40),
  seed: int(1, 2 ** 31).default(1),
  asOf: day.default("2026-06-30"),
  years: num(0.25, 20).default(3),
  signalScale: num(0, 100).default(1),
});
export type SynthRequest = z.infer<typeof SynthRequest>;

/** `paydirt demo`: a market synthesised, imported, listed and planned end to end. */
export const DemoRequest = z.strictObject({
  accounts: int(1, 10_000_000).default(20_000),
  reps: int(1, 100_000).default(40),
  seed: int(1, 2 ** 31).default(42),
  /** Seconds the territory plan may take. */
  planSeconds: num(0.1, 86_400).default(15),
});
export type DemoRequest = z.infer<typeof DemoRequest>;
