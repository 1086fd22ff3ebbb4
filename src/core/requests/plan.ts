/** Requests of the plan operations (`paydirt plan ...`, and the server's plan endpoints). */
import { z } from "zod";
import { int } from "./common.js";

/** A scenario name: what people type and URLs carry. */
export const scenarioName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/\\]+$/, "a scenario name has no spaces or slashes");

/** Create a scenario from a config (the config itself is checked by parseScenarioConfig). */
export const PlanCreateRequest = z.strictObject({
  name: scenarioName,
  config: z.unknown(),
  replace: z.boolean().default(false),
});
export type PlanCreateRequest = z.infer<typeof PlanCreateRequest>;

export const PlanShowRequest = z.strictObject({ name: scenarioName });
export type PlanShowRequest = z.infer<typeof PlanShowRequest>;

export const PlanCompareRequest = z.strictObject({
  a: scenarioName,
  b: scenarioName,
  /** Differing accounts listed. */
  limit: int(0, 1_000_000).default(20),
});
export type PlanCompareRequest = z.infer<typeof PlanCompareRequest>;
