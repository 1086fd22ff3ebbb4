import { ColumnAccumulator } from "./column.js";
import { detectColumn } from "./detect.js";
import type { Frame } from "./frame.js";
import { resolveTarget, type Target } from "./target.js";

/** A training table: typed feature columns and the labels of the target column. */
export interface TrainingTable {
  readonly frame: Frame;
  readonly target: Target;
}

/** Streams rows of text cells into per-column accumulators, then types them. */
export class TableBuilder {
  readonly accumulators: ColumnAccumulator[];
  constructor(
    readonly header: readonly string[],
    capacity = 1024,
  ) {
    this.accumulators = header.map(() => new ColumnAccumulator(capacity));
  }

  /** Add one row (missing trailing cells read as blank). */
  push(fields: readonly string[]): void {
    const accs = this.accumulators;
    for (let j = 0; j < accs.length; j++) (accs[j] as ColumnAccumulator).push(fields[j] ?? "");
  }

  get rows(): number {
    return this.accumulators[0]?.n ?? 0;
  }

  /** Type every column but the target (index `target`), and turn the target into labels. */
  finish(
    target: number,
    positive?: string,
  ): { ok: true; table: TrainingTable } | { ok: false; reason: string } {
    if (this.rows === 0) return { ok: false, reason: "no data rows" };
    const name = this.header[target] as string;
    const resolved = resolveTarget(name, this.accumulators[target] as ColumnAccumulator, positive);
    if (!resolved.ok) return resolved;
    const columns = this.header
      .map((h, j) =>
        j === target ? null : detectColumn(h, this.accumulators[j] as ColumnAccumulator),
      )
      .filter((c) => c !== null);
    return { ok: true, table: { frame: { rows: this.rows, columns }, target: resolved.target } };
  }
}

/** Build a training table from text rows held in memory (tests, browsers, small tables). */
export function tableFromRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  target: string,
  positive?: string,
): TrainingTable {
  const t = header.indexOf(target);
  if (t < 0) throw new Error(`no column "${target}"`);
  const b = new TableBuilder(header);
  for (const r of rows) b.push(r);
  const r = b.finish(t, positive);
  if (!r.ok) throw new Error(r.reason);
  return r.table;
}
