import type { Issue } from "../issues.js";

/** What every planning solver returns. */
export interface PlanResult {
  /**
   * optimal (proven), feasible (a valid plan, optimality not proven), infeasible (explained),
   * or invalid (the best plan found breaks a constraint; see issues).
   */
  readonly status: "optimal" | "feasible" | "infeasible" | "invalid";
  readonly assign?: Int32Array;
  /** Objective of the plan as the independent checker computes it. */
  readonly objective?: number;
  /** Proven lower bound on the optimal objective, and what it bounds. */
  readonly bound?: number;
  readonly boundNote: string;
  /** (objective - bound) / max(|objective|, 1e-9). */
  readonly gap?: number;
  /** Why there is no valid plan, or what is wrong with the one returned (coded, with domain ids). */
  readonly issues: readonly Issue[];
  readonly seconds: number;
  readonly solver: string;
}

/** Relative gap between a plan's objective and a lower bound. */
export function relativeGap(objective: number, bound: number): number {
  return Math.max(0, objective - bound) / Math.max(Math.abs(objective), 1e-9);
}
