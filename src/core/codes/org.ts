/**
 * Issue codes of sales-organisation planning (src/core/org, the org rules of src/core/planning,
 * `paydirt quota`): the hierarchy, coverage, quotas, named accounts, overlays and disruption limits.
 */
export const ORG_CODES = [
  // hierarchy
  "org_duplicate_unit",
  "org_orphan",
  "org_cycle",
  "org_level",
  "org_unknown_team",
  "org_rep_in_two_teams",
  "org_named_duplicate",
  "org_named_unknown_rep",
  "org_named_unknown_account",
  "org_named_conflict",
  "org_unknown_rep",
  "org_rep_without_region",
  // overlays in a plan config
  "overlay_duplicate",
  "overlay_specialist_territory",
  // coverage
  "coverage_gap",
  "coverage_overlap",
  "coverage_unknown_rep",
  "coverage_wrong_role",
  "coverage_outside_market",
  "coverage_exception",
  // quotas
  "quota_target_invalid",
  "quota_no_reps",
  "quota_unattainable",
  "quota_no_potential",
  "quota_period_invalid",
  // capacity
  "capacity_no_coverage",
  "capacity_unknown_region",
  // planner rules
  "outside_region",
  "region_without_reps",
  "group_tolerance_exceeded",
  "book_change_over_limit",
] as const;
