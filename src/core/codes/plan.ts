/**
 * Issue codes of territory planning (src/core/planning): prechecks (why no plan can exist),
 * rule violations (what a plan breaks), solver outcomes, and scenario building.
 */
export const PLAN_CODES = [
  // prechecks and violations, one family per rule
  "tolerance_exceeded",
  "unit_too_big",
  "locked_over_limit",
  "lock_broken",
  "lock_conflict",
  "lock_unknown_rep",
  "skill_missing",
  "locked_without_skill",
  "skill_violated",
  "territory_split",
  "no_adjacency",
  "more_violations",
  // plan shape and solvers
  "unit_unassigned",
  "no_eligible_rep",
  "constraints_conflict",
  "solver_failed",
  // building a scenario from the store
  "no_reps",
  "no_accounts",
  "measure_column",
  "measure_empty",
  "measure_domain",
  "lock_unknown_account",
  "area_unknown",
] as const;
