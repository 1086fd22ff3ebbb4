import { formatTable } from "../src/cli/format.js";

/** Print rows as an aligned text table (the one output format of every benchmark). */
export function printTable(rows: readonly Record<string, string | number>[]): void {
  console.log(formatTable(rows));
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
