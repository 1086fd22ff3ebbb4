/** A mixed-integer linear program in flat arrays (rows in CSR form), ready for any MILP solver adapter. */
export interface MilpModel {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 for integer columns, 0 for continuous ones. */
  readonly integrality: Int32Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly rowStarts: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  /** Constant added to the objective. */
  readonly offset: number;
  readonly colNames: readonly string[];
  /** Row names say which rule added the row (used to explain infeasibility). */
  readonly rowNames: readonly string[];
}

/** What a MILP solver adapter returns. */
export interface MilpResult {
  /** optimal, infeasible, time-limit (with or without an incumbent), or error. */
  readonly status: "optimal" | "infeasible" | "time-limit" | "error";
  readonly message: string;
  /** Column values of the best solution found (absent when none). */
  readonly values?: Float64Array;
  readonly objective?: number;
  /** Best proven lower bound on the objective (minimisation). */
  readonly bound?: number;
  /** Relative gap (objective - bound) / |objective| as the solver reports it. */
  readonly gap?: number;
  readonly seconds: number;
}

/** A MILP solver (an adapter in src/io/solver). */
export type MilpSolver = (
  model: MilpModel,
  opts: { timeLimit: number; relGap?: number },
) => Promise<MilpResult>;
