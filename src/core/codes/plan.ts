/** Issue codes of territory planning (src/core/planning): prechecks, rule violations, results. */
export const PLAN_CODES = ["plan_infeasible"] as const;
