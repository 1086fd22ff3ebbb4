/**
 * How planning issues name units and reps: by their domain ids when the problem carries them
 * (`unitIds`, `repIds`, set by scenario building), else by position (`#3`) for synthetic problems.
 */
import type { IssueIds } from "../issues.js";
import type { PlanProblem } from "./problem.js";

/** The id of unit u (an account id or a county key), or `#u`. */
export function unitId(p: PlanProblem, u: number): string {
  return p.unitIds?.[u] ?? `#${u}`;
}

/** The id of rep r, or `#r`. */
export function repId(p: PlanProblem, r: number): string {
  return p.repIds?.[r] ?? `#${r}`;
}

/** Issue ids of a unit: `account_id` when units are accounts, `unit_id` otherwise. */
export function unitIds(p: PlanProblem, u: number): IssueIds {
  return p.unitKind === "account" ? { account_id: unitId(p, u) } : { unit_id: unitId(p, u) };
}
