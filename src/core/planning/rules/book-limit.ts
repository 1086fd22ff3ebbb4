import { type Issue, issue } from "../../issues.js";
import { repId } from "../ids.js";
import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "./rule.js";

/**
 * Disruption as a hard limit: each rep loses at most `maxShare` of its current book, counted in
 * accounts and, when `value` is a measure index, in that measure's value (units the rep owns
 * today that go to someone else). MILP: per rep and count, sum over its book of w[u] x[u][r] >=
 * (1 - maxShare) x book. Search: a guard refusing moves that take a rep's losses over the limit
 * (it sums the rep's book, O(book), for moves out of it), and a repair that hands units back.
 */
export function bookLimit(p: PlanProblem, maxShare: number, value = -1): PlanRule {
  const m = p.measureNames.length;
  const books: number[][] = Array.from({ length: p.p }, () => []);
  for (let u = 0; u < p.n; u++) {
    const o = p.owner[u] ?? -1;
    if (o >= 0) books[o]?.push(u);
  }
  const val = (u: number) => (value >= 0 ? (p.measures[u * m + value] ?? 0) : 0);
  const full = books.map((b) => [b.length, b.reduce((s, u) => s + val(u), 0)] as const);
  const keepAtLeast = (r: number, c: 0 | 1) => (1 - maxShare) * (full[r]?.[c] ?? 0);
  const counts: (0 | 1)[] = value >= 0 ? [0, 1] : [0];
  const kept = (r: number, assign: Int32Array): [number, number] => {
    let a = 0;
    let v = 0;
    for (const u of books[r] ?? [])
      if (assign[u] === r) {
        a++;
        v += val(u);
      }
    return [a, v];
  };
  const eps = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
  const within = (r: number, k: [number, number]) =>
    counts.every((c) => k[c] >= keepAtLeast(r, c) - eps(keepAtLeast(r, c)));
  const measureName = value >= 0 ? (p.measureNames[value] ?? `measure ${value}`) : undefined;
  const ruleName = `book change limit (${(maxShare * 100).toFixed(0)}% of accounts${measureName ? ` and ${measureName}` : ""})`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    guard: {
      canMove(u, from, _to, assign) {
        if ((p.owner[u] ?? -1) !== from) return true;
        const k = kept(from, assign);
        return within(from, [k[0] - 1, k[1] - val(u)]);
      },
      repair(assign, allows) {
        for (let r = 0; r < p.p; r++) {
          const k = kept(r, assign);
          if (within(r, k)) continue;
          // Hand back the units worth most first (they restore the value share fastest).
          const away = (books[r] ?? []).filter((u) => assign[u] !== r && allows(u, r));
          away.sort((a, b) => val(b) - val(a));
          for (const u of away) {
            if (within(r, k)) break;
            assign[u] = r;
            k[0]++;
            k[1] += val(u);
          }
        }
      },
    },
    formulate(b, x) {
      for (let r = 0; r < p.p; r++) {
        for (const c of counts) {
          if (!((full[r]?.[c] ?? 0) > 0)) continue;
          const cols: number[] = [];
          const vals: number[] = [];
          for (const u of books[r] ?? []) {
            const j = x.col(u, r);
            const wv = c === 0 ? 1 : val(u);
            if (j >= 0 && wv !== 0) {
              cols.push(j);
              vals.push(wv);
            }
          }
          b.addRow(`book_limit_${c}_${r}`, keepAtLeast(r, c), Number.POSITIVE_INFINITY, cols, vals);
        }
      }
    },
    check(assign) {
      const violations: Issue[] = [];
      for (let r = 0; r < p.p; r++) {
        const k = kept(r, assign);
        if (within(r, k)) continue;
        const [na, nv] = full[r] ?? [0, 0];
        violations.push(
          issue(
            "book_change_over_limit",
            `rep ${repId(p, r)} loses ${na - k[0]} of ${na} accounts${measureName ? ` and ${(nv - k[1]).toFixed(2)} of ${nv.toFixed(2)} ${measureName}` : ""}, more than ${(maxShare * 100).toFixed(0)}%`,
            {
              ids: { rule: ruleName, rep_id: repId(p, r) },
              data: {
                lost_accounts: na - k[0],
                book_accounts: na,
                lost_value: nv - k[1],
                book_value: nv,
                max_share: maxShare,
              },
            },
          ),
        );
      }
      return { value: 0, violations };
    },
  };
}
