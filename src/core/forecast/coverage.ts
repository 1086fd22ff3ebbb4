/**
 * Pipeline coverage: per rep and team, for the forecast's two periods, qualified pipeline (open
 * deals at or past a qualification stage, expected to close in the period) and expected-value
 * pipeline (each open deal's P(win in the period) x amount) over the quota still to win. Reps
 * below the multiple (4x by default) are flagged with the gap in money and the accounts that could
 * close it: the top of the target account list in their book with no open deal.
 */
import { type Issue, issue } from "../issues.js";
import type { ForecastResult } from "./forecast.js";
import { winBy } from "./model.js";
import type { ForecastInput } from "./types.js";

export interface CoverageOptions {
  /** Coverage a rep needs (default 4). */
  readonly multiple?: number;
  /** First stage that counts as qualified (default: the second stage deals pass through). */
  readonly qualifiedStage?: string;
  /** Accounts suggested per flagged rep (default 5). */
  readonly suggestions?: number;
}

/** An account of the target account list. */
export interface TargetAccount {
  readonly account: string;
  readonly owner: string | null;
  readonly rank: number;
  /** Expected value (P(win) x deal size, or P(expand) x whitespace). */
  readonly value: number;
}

export interface CoverageRow {
  readonly by: "rep" | "team";
  readonly key: string;
  readonly period: string;
  readonly quota: number | null;
  readonly won_to_date: number;
  /** Quota still to win (null without a quota). */
  readonly remaining: number | null;
  readonly qualified: number;
  readonly expected: number;
  /** qualified / remaining. */
  readonly coverage: number | null;
  readonly flagged: boolean;
  /** multiple x remaining - qualified, when flagged. */
  readonly gap: number;
  readonly suggestions: readonly TargetAccount[];
}

export interface CoverageResult {
  readonly qualifiedStage: string | null;
  readonly multiple: number;
  readonly rows: readonly CoverageRow[];
  readonly issues: readonly Issue[];
}

/** Coverage of every rep and team with a quota or pipeline. */
export function coverage(
  f: ForecastResult,
  input: ForecastInput,
  targets: readonly TargetAccount[],
  options: CoverageOptions = {},
): CoverageResult {
  const multiple = options.multiple ?? 4;
  const stages = f.model.space.stages;
  const qualifiedStage = options.qualifiedStage ?? stages[Math.min(1, stages.length - 1)] ?? null;
  const qIndex = qualifiedStage === null ? -1 : stages.indexOf(qualifiedStage);
  const issues: Issue[] = [];
  if (options.qualifiedStage !== undefined && qIndex < 0)
    issues.push(
      issue(
        "forecast_no_data",
        `no open deal was ever in stage '${options.qualifiedStage}' (known: ${stages.join(", ")})`,
        {
          severity: "warning",
          data: { stages },
        },
      ),
    );
  const [p1, p2] = f.periods;
  const managerOf = new Map(input.reps.map((r) => [r.id, r.manager ?? "(no team)"]));
  const acc = new Map<string, { qualified: [number, number]; expected: [number, number] }>();
  const openAccounts = new Set<string>();
  const slot = (rep: string) => {
    let a = acc.get(rep);
    if (!a) {
      a = { qualified: [0, 0], expected: [0, 0] };
      acc.set(rep, a);
    }
    return a;
  };
  let undated = 0;
  f.scores.forEach((s, i) => {
    const rep = s.deal.owner ?? "(no owner)";
    const amount = f.amounts[i] as number;
    if (s.deal.account !== null) openAccounts.add(s.deal.account);
    const a = slot(rep);
    const start = Math.max(f.asOf, p1.start - 1);
    a.expected[0] += amount * (winBy(s, f.asOf, p1.end) - winBy(s, f.asOf, start));
    a.expected[1] +=
      amount * (winBy(s, f.asOf, p2.end) - winBy(s, f.asOf, Math.max(f.asOf, p1.end)));
    const stage = s.state.fromHistory ? s.state.stage : null;
    const qualified = qIndex >= 0 && stage !== null && stages.indexOf(stage) >= qIndex;
    if (!qualified) return;
    const close = s.state.closeDate;
    // pipeline as the CRM records it (the expected value above uses what it is likely to close at)
    const recorded = s.state.amount !== null && s.state.amount > 0 ? s.state.amount : amount;
    if (close === null) undated++;
    else if (close <= p1.end) a.qualified[0] += recorded;
    else if (close <= p2.end) a.qualified[1] += recorded;
  });
  if (undated > 0)
    issues.push(
      issue(
        "forecast_no_data",
        `${undated} qualified open deal(s) have no expected close date: left out of coverage`,
        {
          severity: "warning",
          data: { deals: undated },
        },
      ),
    );
  const repRows = new Map(
    f.rows.filter((r) => r.by === "rep").map((r) => [`${r.key}\u0000${r.period}`, r]),
  );
  const reps = new Set([...acc.keys(), ...f.rows.filter((r) => r.by === "rep").map((r) => r.key)]);
  const withoutQuota = [...reps].filter(
    (r) => (acc.get(r)?.qualified[0] ?? 0) > 0 && !repRows.get(`${r}\u0000${p1.label}`)?.quota,
  );
  if (withoutQuota.length > 0)
    issues.push(
      issue(
        "forecast_no_quota",
        `${withoutQuota.length} rep(s) with pipeline have no quota for ${p1.label} (e.g. ${withoutQuota.slice(0, 3).join(", ")}): no coverage for them`,
        {
          severity: "warning",
          data: { reps: withoutQuota.slice(0, 20) },
        },
      ),
    );
  const byOwner = new Map<string, TargetAccount[]>();
  for (const t of [...targets].sort((a, b) => a.rank - b.rank)) {
    if (t.owner === null || openAccounts.has(t.account)) continue;
    const list = byOwner.get(t.owner);
    if (list) list.push(t);
    else byOwner.set(t.owner, [t]);
  }
  const rows: CoverageRow[] = [];
  const teams = new Map<
    string,
    { quota: number | null; won: number; qualified: number; expected: number }[]
  >();
  for (const rep of [...reps].sort()) {
    const a = acc.get(rep) ?? { qualified: [0, 0], expected: [0, 0] };
    [p1, p2].forEach((q, k) => {
      const r = repRows.get(`${rep}\u0000${q.label}`);
      const quota = r?.quota ?? null;
      const won = k === 0 ? (r?.won_to_date ?? 0) : 0;
      const row = make(
        "rep",
        rep,
        q.label,
        quota,
        won,
        a.qualified[k] as number,
        a.expected[k] as number,
      );
      rows.push({
        ...row,
        suggestions: row.flagged ? (byOwner.get(rep) ?? []).slice(0, options.suggestions ?? 5) : [],
      });
      const key = `${managerOf.get(rep) ?? "(no team)"}\u0000${q.label}`;
      const list = teams.get(key) ?? [];
      list.push({
        quota,
        won,
        qualified: a.qualified[k] as number,
        expected: a.expected[k] as number,
      });
      teams.set(key, list);
    });
  }
  for (const [key, list] of teams) {
    const [team, period] = key.split("\u0000") as [string, string];
    const quotas = list.filter((x) => x.quota !== null);
    const sum = (g: (x: (typeof list)[number]) => number) => list.reduce((s, x) => s + g(x), 0);
    rows.push(
      make(
        "team",
        team,
        period,
        quotas.length ? quotas.reduce((s, x) => s + (x.quota as number), 0) : null,
        sum((x) => x.won),
        sum((x) => x.qualified),
        sum((x) => x.expected),
      ),
    );
  }
  return { qualifiedStage: qIndex >= 0 ? qualifiedStage : null, multiple, rows, issues };

  function make(
    by: "rep" | "team",
    key: string,
    period: string,
    quota: number | null,
    won: number,
    qualified: number,
    expected: number,
  ): CoverageRow {
    const remaining = quota === null ? null : Math.max(0, quota - won);
    const cov = remaining === null || remaining <= 0 ? null : qualified / remaining;
    const flagged = cov !== null && cov < multiple;
    return {
      by,
      key,
      period,
      quota,
      won_to_date: won,
      remaining,
      qualified,
      expected,
      coverage: cov,
      flagged,
      gap: flagged && remaining !== null ? multiple * remaining - qualified : 0,
      suggestions: [],
    };
  }
}
