import type { Dataset } from "./dataset.js";
import { MISSING_BIN } from "./features.js";

/** One feature's push on a score, in logit units (positive raises it). */
export interface Reason {
  readonly column: string;
  readonly value: string;
  readonly effect: number;
}

const DAY_MS = 86_400_000;

const isoDays = new Map<number, string>();

/** A date (days since 1970) as YYYY-MM-DD, remembered (explanations repeat the same days). */
function isoDay(days: number): string {
  let s = isoDays.get(days);
  if (s === undefined) {
    s = new Date(days * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size < 100_000) isoDays.set(days, s);
  }
  return s;
}

/** A number with about 4 significant digits, cheaply (toPrecision is slow in bulk). */
function shortNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return String(Math.round(x * 10) / 10);
  if (a >= 1) return String(Math.round(x * 1000) / 1000);
  return String(Number(x.toPrecision(4)));
}

/** The value of feature j in row r as people read it. */
export function displayValue(ds: Dataset, j: number, r: number): string {
  const f = ds.features[j];
  const bin = (ds.bins[j] as Uint8Array)[r] as number;
  if (!f || bin === MISSING_BIN) return "(missing)";
  if (f.kind === "categorical") return f.levels[bin - 1] ?? "(other)";
  const x = (ds.values[j] as Float64Array)[r] as number;
  if (f.source === "date") return isoDay(x);
  if (f.source === "boolean") return x === 1 ? "yes" : "no";
  return shortNumber(x);
}

/** Indices of the `k` largest values of sign*c (only those with sign*c > 0), largest first. */
function topK(c: Float64Array, k: number, sign: 1 | -1): number[] {
  const top: number[] = [];
  for (let j = 0; j < c.length; j++) {
    const v = sign * (c[j] as number);
    if (v <= 1e-9) continue;
    if (top.length === k && v <= sign * (c[top[k - 1] as number] as number)) continue;
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && sign * (c[top[at - 1] as number] as number) < v) at--;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top;
}

/** The `k` features that raised and the `k` that lowered row r's score the most. */
export function topReasons(
  ds: Dataset,
  contributions: Float64Array,
  r: number,
  k: number,
): { up: Reason[]; down: Reason[] } {
  const reason = (j: number): Reason => ({
    column: ds.features[j]?.column ?? "",
    value: displayValue(ds, j, r),
    effect: contributions[j] as number,
  });
  return {
    up: topK(contributions, k, 1).map(reason),
    down: topK(contributions, k, -1).map(reason),
  };
}

/** Reasons as one cell: `industry=Software (+0.42); employees=1200 (+0.20)`. */
export function formatReasons(reasons: readonly Reason[]): string {
  return reasons
    .map((x) => `${x.column}=${x.value} (${x.effect >= 0 ? "+" : ""}${x.effect.toFixed(2)})`)
    .join("; ");
}
