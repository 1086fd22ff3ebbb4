import type { Issue } from "../../issues.js";
import type { MilpBuilder } from "../milp/builder.js";

/** Assignment columns of the MILP: `col(u, r)` is the binary x[u][r], or -1 when the pair is forbidden. */
export interface AssignVars {
  col(u: number, r: number): number;
}

/**
 * A rule's view of rep loads for the search and the bound: a convex piecewise-linear cost of
 * one rep's load of one measure (weighted objective, plus a penalty outside hard limits).
 */
export interface LoadCurve {
  /** Measures this rule looks at. */
  readonly measures: readonly number[];
  /** Search cost of rep r carrying `load` of measure k. */
  cost(r: number, k: number, load: number): number;
  /** Loads where the cost changes slope. */
  kinks(r: number, k: number): readonly number[];
  /** Hard limits on the load (undefined when the rule sets none). */
  limits(r: number, k: number): readonly [number, number] | undefined;
}

/** A structural rule's hooks into the local search (e.g. contiguity). */
export interface MoveGuard {
  /** Whether moving unit u from rep `from` to rep `to` keeps the rule satisfied. */
  canMove(u: number, from: number, to: number, assign: Int32Array): boolean;
  /** Extra reps worth trying for unit u besides its nearest candidates (e.g. reps of adjacent units). */
  targets?(u: number, assign: Int32Array, out: number[]): void;
  /** Change `assign` as little as it can so the rule holds, using only pairs `allows` accepts. */
  repair(assign: Int32Array, allows: (u: number, r: number) => boolean): void;
  /**
   * The search moved unit u from rep `from` to `to` in `assign` (after `canMove` allowed it): a
   * guard may keep state per assignment array up to date instead of recomputing it per move.
   */
  moved?(u: number, from: number, to: number, assign: Int32Array): void;
  /** `assign` may have changed in bulk (repairs, copies): recompute any state kept for it. */
  sync?(assign: Int32Array): void;
}

/** A rule's verdict on a plan, recomputed from the plan alone. */
export interface RuleCheck {
  /** Objective value (unweighted; 0 for pure constraints). */
  readonly value: number;
  /** Coded violations naming reps and units by id (empty when the rule holds). */
  readonly violations: readonly Issue[];
}

/** Context for up-front feasibility checks. */
export interface PrecheckContext {
  /** Rep a unit is forced to by some rule, or -1. */
  readonly forced: Int32Array;
}

/**
 * One constraint or objective, bound to a problem. Each contributes its own MILP rows, its
 * own local-search cost and its own check; the solvers only call these hooks.
 */
export interface PlanRule {
  /** Short label, e.g. "tolerance(potential, +-5%)". */
  readonly name: string;
  readonly kind: "constraint" | "objective";
  /** Objective weight (0 for constraints). */
  readonly weight: number;
  /** Coded explanations of why the rule cannot be met whatever the plan (empty when it might be). */
  precheck?(ctx: PrecheckContext): Issue[];
  /** False when the rule forbids giving unit u to rep r. */
  allows?(u: number, r: number): boolean;
  /** The one rep unit u must go to, or -1. */
  fixedRep?(u: number): number;
  /** Unweighted cost of giving unit u to rep r (objectives linear in the assignment). */
  unitCost?(u: number, r: number): number;
  /** A lower bound on unitCost(u, r) over reps whose home is at least `distance` from u (0 when unsure). */
  unitCostBeyond?(u: number, distance: number): number;
  readonly load?: LoadCurve;
  readonly guard?: MoveGuard;
  /** Add this rule's columns, rows and objective terms. */
  formulate?(m: MilpBuilder, x: AssignVars): void;
  /** Value and violations recomputed from an assignment and loads (never the solver's bookkeeping). */
  check(assign: Int32Array, loads: Float64Array): RuleCheck;
}

/** Penalty per unit of relative excess over a hard load limit, in the local search. */
export const HARD_PENALTY = 1000;
