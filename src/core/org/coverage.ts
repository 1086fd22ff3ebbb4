/**
 * The coverage proof of a plan: every account of the serviceable market has exactly one owner
 * per required role (no gaps, no overlaps), owners hold the role they cover, and the accepted
 * exceptions are listed rather than hidden. Recomputed from the ownership rows alone.
 */
import { type Issue, issue } from "../issues.js";

/** An account of the serviceable market and the roles it needs an owner for (e.g. AE, BDR, overlay:security). */
export interface MarketAccount {
  readonly account_id: string;
  readonly roles: readonly string[];
}

/** One ownership row of a plan. */
export interface Ownership {
  readonly account_id: string;
  readonly rep_id: string;
  /** Role key the rep covers the account in (AE, BDR, CSM, overlay:<product>). */
  readonly role: string;
}

/** An accepted gap or overlap (e.g. a shared strategic account), with its reason. */
export interface CoverageException {
  readonly account_id: string;
  readonly role: string;
  readonly reason: string;
}

export interface CoverageGap {
  readonly account_id: string;
  readonly role: string;
}

export interface CoverageOverlap {
  readonly account_id: string;
  readonly role: string;
  readonly reps: readonly string[];
}

export interface CoverageReport {
  /** True when there is no gap, overlap or misassigned owner outside the exceptions. */
  readonly ok: boolean;
  readonly gaps: readonly CoverageGap[];
  readonly overlaps: readonly CoverageOverlap[];
  /** Exceptions that matched a gap or overlap (and were therefore excused). */
  readonly excused: readonly (CoverageException & { readonly kind: "gap" | "overlap" })[];
  /** Accounts, required (account, role) pairs and covered pairs counted. */
  readonly accounts: number;
  readonly required: number;
  readonly covered: number;
  /** Every finding as a coded issue (errors for gaps, overlaps, wrong roles; info for exceptions). */
  readonly issues: readonly Issue[];
}

/**
 * Check coverage. `repRoles` maps each rep to its role key; rows naming an unknown rep, a rep
 * of another role, or an account outside the market are reported too (the latter as a warning).
 */
export function checkCoverage(
  market: readonly MarketAccount[],
  owners: readonly Ownership[],
  repRoles: ReadonlyMap<string, string>,
  exceptions: readonly CoverageException[] = [],
): CoverageReport {
  const issues: Issue[] = [];
  const need = new Map<string, Set<string>>();
  let required = 0;
  for (const a of market) {
    const s = need.get(a.account_id) ?? new Set<string>();
    for (const r of a.roles) {
      if (s.has(r)) continue;
      s.add(r);
      required++;
    }
    need.set(a.account_id, s);
  }
  const key = (a: string, r: string) => `${a}\u0000${r}`;
  const held = new Map<string, string[]>();
  for (const o of owners) {
    const role = repRoles.get(o.rep_id);
    if (role === undefined) {
      issues.push(
        issue(
          "coverage_unknown_rep",
          `${o.account_id} (${o.role}) is owned by unknown rep ${o.rep_id}`,
          {
            ids: { account_id: o.account_id, rep_id: o.rep_id, role: o.role },
          },
        ),
      );
    } else if (role !== o.role) {
      issues.push(
        issue(
          "coverage_wrong_role",
          `${o.account_id} is covered as ${o.role} by rep ${o.rep_id}, whose role is ${role}`,
          {
            ids: { account_id: o.account_id, rep_id: o.rep_id, role: o.role },
            data: { rep_role: role },
          },
        ),
      );
    }
    if (!need.get(o.account_id)?.has(o.role)) {
      issues.push(
        issue(
          "coverage_outside_market",
          `${o.account_id} (${o.role}) has an owner but is not a required pair of the serviceable market`,
          {
            severity: "warning",
            ids: { account_id: o.account_id, rep_id: o.rep_id, role: o.role },
          },
        ),
      );
      continue;
    }
    const k = key(o.account_id, o.role);
    const list = held.get(k) ?? [];
    if (!list.includes(o.rep_id)) list.push(o.rep_id);
    held.set(k, list);
  }
  const excuse = new Map(exceptions.map((e) => [key(e.account_id, e.role), e]));
  const gaps: CoverageGap[] = [];
  const overlaps: CoverageOverlap[] = [];
  const excused: (CoverageException & { kind: "gap" | "overlap" })[] = [];
  let covered = 0;
  for (const [account_id, roles] of need) {
    for (const role of roles) {
      const reps = held.get(key(account_id, role)) ?? [];
      if (reps.length === 1) {
        covered++;
        continue;
      }
      const kind = reps.length === 0 ? "gap" : "overlap";
      const ex = excuse.get(key(account_id, role));
      if (ex) {
        excused.push({ ...ex, kind });
        issues.push(
          issue("coverage_exception", `${account_id} (${role}): ${kind} excused: ${ex.reason}`, {
            severity: "info",
            ids: { account_id, role },
            data: { kind, reps },
          }),
        );
        continue;
      }
      if (kind === "gap") {
        gaps.push({ account_id, role });
        issues.push(
          issue("coverage_gap", `${account_id} has no ${role} owner`, {
            ids: { account_id, role },
          }),
        );
      } else {
        overlaps.push({ account_id, role, reps });
        issues.push(
          issue(
            "coverage_overlap",
            `${account_id} has ${reps.length} ${role} owners: ${reps.join(", ")}`,
            {
              ids: { account_id, role },
              data: { reps },
            },
          ),
        );
      }
    }
  }
  return {
    ok: !issues.some((i) => i.severity === "error"),
    gaps,
    overlaps,
    excused,
    accounts: need.size,
    required,
    covered,
    issues,
  };
}
