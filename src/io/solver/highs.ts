import type { Highs } from "highs";
import * as highsModule from "highs";
import type { MilpModel, MilpResult, MilpSolver } from "../../core/planning/milp/model.js";

// The package ships ESM (default export) but its types are CommonJS; the namespace's `default` is the loader in both.
type Runtime = Highs;
type Loader = () => Promise<Highs>;
const loaderModule = highsModule as unknown as { default: Loader | { default: Loader } };
const highsLoader: Loader =
  typeof loaderModule.default === "function" ? loaderModule.default : loaderModule.default.default;
let runtime: Promise<Runtime> | undefined;

const STATUS: Record<number, MilpResult["status"]> = {
  7: "optimal",
  8: "infeasible",
  13: "time-limit",
};

function info(
  model: { info: { get(name: string): number | bigint } },
  name: string,
): number | undefined {
  try {
    const v = Number(model.info.get(name));
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Solve a MilpModel with HiGHS (WebAssembly), returning the solution, the dual bound and the gap. */
export const highsSolver: MilpSolver = async (m: MilpModel, opts) => {
  runtime ??= highsLoader();
  const h = await runtime;
  const t0 = Date.now();
  const inf = h.infinity;
  const clip = (a: Float64Array) =>
    a.map((v) =>
      v === Number.POSITIVE_INFINITY ? inf : v === Number.NEGATIVE_INFINITY ? -inf : v,
    );
  return h.withModel((model) => {
    model.options.set({
      output_flag: false,
      time_limit: opts.timeLimit,
      mip_rel_gap: opts.relGap ?? 1e-6,
    });
    model.passModel({
      numCols: m.numCols,
      numRows: m.numRows,
      offset: m.offset,
      colCost: m.colCost,
      colLower: clip(m.colLower),
      colUpper: clip(m.colUpper),
      rowLower: clip(m.rowLower),
      rowUpper: clip(m.rowUpper),
      matrix: {
        format: "csr",
        numRows: m.numRows,
        numCols: m.numCols,
        starts: m.rowStarts,
        indices: m.rowIndex,
        values: m.rowValue,
      },
      integrality: m.integrality,
    });
    const run = model.run();
    const code = run.modelStatus as number;
    const status = STATUS[code] ?? (code === 9 ? "infeasible" : "error");
    const seconds = (Date.now() - t0) / 1000;
    const primal = info(model, "primal_solution_status");
    const hasSolution = (status === "optimal" || status === "time-limit") && primal === 2;
    const bound = info(model, "mip_dual_bound");
    const gap = info(model, "mip_gap");
    const values = hasSolution ? Float64Array.from(model.getSolution().colValue) : undefined;
    return {
      status,
      message: `HiGHS model status ${code}`,
      ...(values ? { values, objective: model.getObjectiveValue() } : {}),
      ...(bound !== undefined ? { bound } : {}),
      ...(gap !== undefined ? { gap } : {}),
      seconds,
    };
  });
};
