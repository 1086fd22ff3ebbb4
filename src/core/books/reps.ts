import { fail, ok, type Result } from "../errors.js";
import { type Issue, issue } from "../issues.js";
import type { BookConfig } from "./config.js";
import type { BookRep } from "./types.js";

/** A rep as stored: id, role and capacity as a multiplier of a full-time book (null: 1). */
export interface RepRecord {
  readonly id: string;
  readonly role: string | null;
  readonly capacity: number | null;
}

/**
 * AEs and BDRs with their capacity in accounts: `capacities[id]` when configured, else the
 * rep's capacity multiplier x `bookSize` (AEs) or `bdrCapacity` (BDRs). Errors: a configured rep
 * that does not exist, a capacity below the core size, no AE at all.
 */
export function resolveReps(records: readonly RepRecord[], config: BookConfig): Result<BookRep[]> {
  const issues: Issue[] = [];
  const known = new Set(records.map((r) => r.id));
  for (const id of Object.keys(config.capacities)) {
    if (!known.has(id))
      issues.push(
        issue("books_unknown_rep", `capacities names rep ${id}, which the store does not have`, {
          path: { json: ["capacities", id] },
          ids: { rep_id: id },
        }),
      );
  }
  const ae = new Set(config.roles.ae);
  const bdr = new Set(config.roles.bdr);
  const reps: BookRep[] = [];
  for (const r of records) {
    const role =
      r.role !== null && ae.has(r.role) ? "ae" : r.role !== null && bdr.has(r.role) ? "bdr" : null;
    if (!role) continue;
    const factor =
      r.capacity !== null && Number.isFinite(r.capacity) && r.capacity >= 0 ? r.capacity : 1;
    const capacity =
      config.capacities[r.id] ??
      Math.round(factor * (role === "ae" ? config.bookSize : config.bdrCapacity));
    if (role === "ae" && config.coreSize !== undefined && capacity < config.coreSize)
      issues.push(
        issue(
          "books_capacity_below_core",
          `rep ${r.id} can work ${capacity} accounts, fewer than the core size ${config.coreSize}`,
          {
            path: { json: ["coreSize"] },
            ids: { rep_id: r.id },
            data: { capacity, core: config.coreSize },
          },
        ),
      );
    reps.push({ id: r.id, role, capacity });
  }
  if (!reps.some((r) => r.role === "ae"))
    issues.push(
      issue("books_no_reps", `no rep has an AE role (${config.roles.ae.join(", ")})`, {
        path: { json: ["roles", "ae"] },
      }),
    );
  return issues.length ? fail(issues) : ok(reps);
}
