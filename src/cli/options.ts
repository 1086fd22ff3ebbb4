import { UsageError } from "./command.js";

/** A numeric option within [lo, hi], or undefined when not given; anything else is a UsageError. */
export function numberOption(
  name: string,
  v: string | undefined,
  lo: number,
  hi: number,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi)
    throw new UsageError(`--${name} must be a number from ${lo} to ${hi}, got "${v}"`);
  return n;
}

/** A comma-separated list option, trimmed, without empty items. */
export function listOption(v: string): string[] {
  return v
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
}

/** A YYYY-MM-DD option naming a real date, or undefined when not given; anything else is a UsageError. */
export function dateOption(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
    throw new UsageError(`--${name} must be YYYY-MM-DD, got "${v}"`);
  return v;
}
