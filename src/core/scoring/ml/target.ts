import { parseBoolean, parseNumber } from "../../model/values.js";
import { type ColumnAccumulator, levelKey } from "./column.js";

/** Labels per row: 1 positive, 0 negative, -1 blank (not used for training). */
export interface Target {
  readonly name: string;
  readonly labels: Int8Array;
  /** The positive value as given (or chosen for a yes/no or 0/1 column). */
  readonly positive: string;
  readonly positives: number;
  readonly negatives: number;
  readonly unlabelled: number;
}

/** The distinct values of a column as text (numbers as written by String()), most frequent first. */
function distinctValues(acc: ColumnAccumulator, limit: number): string[] {
  const counts = new Map<string, number>();
  acc.levels.forEach((l, i) => {
    counts.set(l, acc.levelCount[i] ?? 0);
  });
  const v = acc.values();
  const codes = acc.codes();
  for (let i = 0; i < v.length; i++) {
    if (codes[i] !== -1 || Number.isNaN(v[i] as number)) continue;
    const k = String(v[i]);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (counts.size > limit * 100) break;
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map((e) => e[0]);
}

/** The positive value to use when none is given: `1` of a 0/1 column, `true`/`yes` of a yes/no one. */
function defaultPositive(values: readonly string[]): string | null {
  if (values.length !== 2) return null;
  const truth = values.map((v) => parseBoolean(v));
  if (!truth.every((t) => t.ok && t.value !== null)) return null;
  const i = truth.findIndex((t) => t.ok && t.value === true);
  return i >= 0 && truth[1 - i]?.ok ? (values[i] ?? null) : null;
}

/**
 * Turn the target column into 0/1 labels: a cell is positive when it equals `positive` after
 * trimming, compared as a number when both are numbers, else ignoring case and inner spaces.
 */
export function resolveTarget(
  name: string,
  acc: ColumnAccumulator,
  positive?: string,
): { ok: true; target: Target } | { ok: false; reason: string } {
  const values = distinctValues(acc, 12);
  const shown = values
    .slice(0, 10)
    .map((v) => `"${v}"`)
    .join(", ");
  const given = positive?.trim();
  const pos = given === undefined || given === "" ? defaultPositive(values) : given;
  if (pos === null)
    return {
      ok: false,
      reason: `target column "${name}" is not yes/no or 0/1: give the positive value (values: ${shown})`,
    };
  const posNum = parseNumber(pos);
  const numeric = posNum.ok && posNum.value !== null ? posNum.value : null;
  const posCode = acc.dict.get(levelKey(pos));
  const truth = parseBoolean(pos);
  const v = acc.values();
  const codes = acc.codes();
  const labels = new Int8Array(v.length);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = codes[i] as number;
    const x = v[i] as number;
    let label: number;
    if (c >= 0) label = c === posCode ? 1 : 0;
    else if (c === -2) label = 0;
    else if (Number.isNaN(x)) label = -1;
    else if (numeric !== null) label = x === numeric ? 1 : 0;
    // A yes/no positive given in words against a 0/1 column.
    else label = truth.ok && truth.value !== null && x === (truth.value ? 1 : 0) ? 1 : 0;
    labels[i] = label;
    if (label === 1) positives++;
    else if (label === 0) negatives++;
  }
  if (positives === 0)
    return {
      ok: false,
      reason: `no row has "${name}" = "${pos}" (values: ${shown})`,
    };
  if (negatives === 0)
    return {
      ok: false,
      reason: `every labelled row has "${name}" = "${pos}": nothing to contrast`,
    };
  return {
    ok: true,
    target: {
      name,
      labels,
      positive: pos,
      positives,
      negatives,
      unlabelled: labels.length - positives - negatives,
    },
  };
}
