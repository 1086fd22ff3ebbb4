import type { MilpModel } from "./model.js";

/** Incremental builder of a MilpModel: add columns and rows, then build once. */
export class MilpBuilder {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: number[] = [];
  private readonly colNames: string[] = [];
  private readonly rLower: number[] = [];
  private readonly rUpper: number[] = [];
  private readonly rowNames: string[] = [];
  private readonly starts: number[] = [0];
  private readonly index: number[] = [];
  private readonly value: number[] = [];
  private offset = 0;

  /** Add a column; returns its index. */
  addVar(name: string, lower: number, upper: number, cost: number, integer = false): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    this.colNames.push(name);
    return this.cost.length - 1;
  }

  /** Add `c` to a column's objective coefficient. */
  addCost(col: number, c: number): void {
    this.cost[col] = (this.cost[col] ?? 0) + c;
  }

  /** Add a constant to the objective. */
  addOffset(c: number): void {
    this.offset += c;
  }

  /** Add a row `lower <= sum(values[i] * x[cols[i]]) <= upper` (duplicate columns are merged). */
  addRow(
    name: string,
    lower: number,
    upper: number,
    cols: readonly number[],
    values: readonly number[],
  ): number {
    const merged = new Map<number, number>();
    cols.forEach((c, i) => {
      merged.set(c, (merged.get(c) ?? 0) + (values[i] ?? 0));
    });
    for (const [c, v] of merged) {
      if (v === 0) continue;
      this.index.push(c);
      this.value.push(v);
    }
    this.starts.push(this.index.length);
    this.rLower.push(lower);
    this.rUpper.push(upper);
    this.rowNames.push(name);
    return this.rowNames.length - 1;
  }

  get numCols(): number {
    return this.cost.length;
  }

  /** The finished model. */
  build(): MilpModel {
    return {
      numCols: this.cost.length,
      numRows: this.rowNames.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integrality: Int32Array.from(this.integer),
      rowLower: Float64Array.from(this.rLower),
      rowUpper: Float64Array.from(this.rUpper),
      rowStarts: Int32Array.from(this.starts),
      rowIndex: Int32Array.from(this.index),
      rowValue: Float64Array.from(this.value),
      offset: this.offset,
      colNames: this.colNames,
      rowNames: this.rowNames,
    };
  }
}
