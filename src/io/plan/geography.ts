import type { ScenarioConfig } from "../../core/planning/scenario/config.js";
import type { Geography } from "../../core/planning/scenario/geography.js";
import { usCounties } from "./counties.js";
import { usZips } from "./zips.js";

/** The geographic units a config plans with: US counties, US ZIP codes, or none (accounts). */
export function planGeography(units: ScenarioConfig["units"]): Geography | undefined {
  if (units === "counties") return usCounties();
  if (units === "zips") return usZips();
  return undefined;
}
