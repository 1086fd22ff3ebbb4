/**
 * Who lost what: each rep's current book against a plan (accounts and value kept, lost, gained,
 * the accounts lost), and the relationship accounts a plan must not move.
 */
import type { PlanProblem } from "../planning/problem.js";

export interface BookChange {
  readonly rep_id: string;
  readonly book_accounts: number;
  readonly lost_accounts: number;
  readonly gained_accounts: number;
  readonly book_value: number;
  readonly lost_value: number;
  readonly gained_value: number;
  /** Share of the book's accounts that leave the rep (0 for an empty book). */
  readonly lost_share: number;
  /** Ids of the accounts that leave, with who gets each. */
  readonly lost: readonly { readonly account: string; readonly to: string }[];
}

/** Book changes per rep; `value` is a measure index (-1: none). */
export function bookChanges(p: PlanProblem, assign: Int32Array, value = -1): BookChange[] {
  const m = p.measureNames.length;
  const id = (r: number) => p.repIds?.[r] ?? `#${r}`;
  const rows = Array.from({ length: p.p }, (_, r) => ({
    rep_id: id(r),
    book_accounts: 0,
    lost_accounts: 0,
    gained_accounts: 0,
    book_value: 0,
    lost_value: 0,
    gained_value: 0,
    lost_share: 0,
    lost: [] as { account: string; to: string }[],
  }));
  for (let u = 0; u < p.n; u++) {
    const o = p.owner[u] ?? -1;
    const a = assign[u] ?? -1;
    const v = value >= 0 ? (p.measures[u * m + value] ?? 0) : 0;
    const from = o >= 0 ? rows[o] : undefined;
    if (from) {
      from.book_accounts++;
      from.book_value += v;
    }
    if (o === a) continue;
    if (from) {
      from.lost_accounts++;
      from.lost_value += v;
      from.lost.push({ account: p.unitIds?.[u] ?? `#${u}`, to: a >= 0 ? id(a) : "" });
    }
    const to = a >= 0 ? rows[a] : undefined;
    if (to) {
      to.gained_accounts++;
      to.gained_value += v;
    }
  }
  for (const r of rows) r.lost_share = r.book_accounts > 0 ? r.lost_accounts / r.book_accounts : 0;
  return rows;
}

/** Locks (for rules/locked.ts) keeping each relationship account (recent meetings, open deals, managed customers) with its owner. */
export function relationshipLocks(p: PlanProblem, relationship: ArrayLike<boolean>): Int32Array {
  return Int32Array.from({ length: p.n }, (_, u) => (relationship[u] ? (p.owner[u] ?? -1) : -1));
}
