/**
 * What `paydirt quota` reads from the store: the active AEs with their region (reps.team), team
 * (region / manager) and start date, as known at the as-of date; each rep's book (accounts.owner_id
 * as known at the as-of date, so a backtest never sees later reassignments) valued by the latest
 * target account list on or before the as-of date (value = P(win) x deal size, fit = P(win));
 * the quotas already set for the period; optionally the forecast's per-rep distribution.
 */

import { PaydirtError, unwrap } from "../../core/errors.js";
import {
  type AccountChance,
  type Bookings,
  forecastBookings,
  scaledBookings,
  simulateBookings,
} from "../../core/org/bookings.js";
import { buildOrg, type OrgUnitInput } from "../../core/org/hierarchy.js";
import { chanceWithin, dayNumber, type Period } from "../../core/org/period.js";
import { type QuotaRep, rampFactor } from "../../core/org/quota.js";
import { accountsSource } from "../analytics/facts.js";
import { forecastFromStore } from "../forecast/run.js";
import type { Db } from "../store/db.js";

export interface QuotaInputs {
  readonly reps: QuotaRep[];
  /** Sum of the quotas the store has for the period (prorated by overlap), 0 when none. */
  readonly currentQuota: number;
  /** Where each rep's distribution came from. */
  readonly source: ReadonlyMap<string, "potential" | "forecast">;
  readonly talAsOf: string;
  /** Each rep's book: chance of booking in the period, amount, and the account's tier. */
  readonly books: ReadonlyMap<string, readonly (AccountChance & { readonly tier: string })[]>;
  /**
   * Whose books: the owners and reps the store knew at the as-of date, or the current ones when
   * it knew none then (a store imported once, without `import --as-of`).
   */
  readonly owners: "as_of" | "current";
}

export interface QuotaReadOptions {
  readonly asOf: string;
  readonly period: Period;
  readonly rampMonths: number;
  readonly draws: number;
  readonly seed: number;
  readonly forecast: boolean;
}

/** Read the reps, their books' chances and current quotas; errors are PaydirtErrors with codes. */
export async function readQuotaInputs(db: Db, o: QuotaReadOptions): Promise<QuotaInputs> {
  const hasTal = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'target_accounts' AND NOT temporary",
  );
  const tal = hasTal?.n
    ? await db.one<{ d: string | null }>(
        "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts WHERE as_of <= CAST($as_of AS DATE)",
        { as_of: o.asOf },
      )
    : undefined;
  if (!tal?.d)
    throw PaydirtError.of(
      "invalid",
      "quota_no_potential",
      `no target account list on or before ${o.asOf}: run \`paydirt tal --save\` first (quotas come from its scored potential)`,
    );
  // Owners and reps as the store knew them at the as-of date (no look-ahead in a backtest); the
  // current rows only when the store knew none then.
  const accounts = await accountsSource(db, o.asOf);
  const knownReps = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM reps_known_at(CAST($t AS TIMESTAMP))",
    { t: `${o.asOf} 23:59:59` },
  );
  const repSource = knownReps?.n ? "reps_known_at(CAST($t AS TIMESTAMP))" : "reps";
  const reps = await db.all<{
    rep_id: string;
    region: string | null;
    manager: string | null;
    start: string | null;
    capacity: number | null;
  }>(
    `SELECT rep_id, team AS region, manager_id AS manager, CAST(start_date AS VARCHAR) AS start, capacity
     FROM ${repSource} WHERE role = $role AND coalesce(active, true) ORDER BY rep_id`,
    { role: "AE", ...(knownReps?.n ? { t: `${o.asOf} 23:59:59` } : {}) },
  );
  if (reps.length === 0)
    throw PaydirtError.of(
      "invalid",
      "quota_no_reps",
      "the store has no active AE to set a quota for",
    );
  // The hierarchy the store implies: region = reps.team, team = the manager within the region.
  const units: OrgUnitInput[] = [];
  const seen = new Set<string>();
  const teamOf = (r: (typeof reps)[number]) => `${r.region ?? "(none)"}/${r.manager ?? "(none)"}`;
  for (const r of reps) {
    const region = r.region ?? "(none)";
    if (!seen.has(region)) {
      seen.add(region);
      units.push({ id: region, level: "region", parent: null });
    }
    const team = teamOf(r);
    if (!seen.has(team)) {
      seen.add(team);
      units.push({ id: team, level: "team", parent: region });
    }
  }
  const org = unwrap(
    buildOrg({
      units,
      members: reps.map((r) => ({
        rep_id: r.rep_id,
        team: teamOf(r),
        role: "AE" as const,
        ...(r.start ? { start: r.start } : {}),
        capacity: r.capacity ?? 1,
      })),
    }),
  );
  const days = o.period.end - o.period.start + 1;
  const books = new Map<string, (AccountChance & { tier: string })[]>();
  const rows = await db.all<{
    rep: string;
    value: number;
    fit: number | null;
    tier: string | null;
  }>(
    `SELECT a.owner_id AS rep, t."value" AS "value", t.fit AS fit, t.tier AS tier
     FROM ${accounts.from} a JOIN target_accounts t USING (account_id)
     WHERE t.as_of = CAST($d AS DATE) AND a.owner_id IS NOT NULL AND t."value" > 0
     ORDER BY a.account_id`,
    { d: tal.d },
  );
  for (const r of rows) {
    const p = Math.min(Math.max(r.fit ?? 0.1, 1e-6), 1);
    const list = books.get(r.rep) ?? [];
    list.push({ p: chanceWithin(p, days), amount: r.value / p, tier: r.tier ?? "" });
    books.set(r.rep, list);
  }
  const fc = new Map<string, Bookings>();
  if (o.forecast) {
    const { result } = await forecastFromStore(db, o.asOf, {
      period: { label: o.period.label, start: o.period.start, end: o.period.end },
      seed: o.seed,
    });
    for (const g of result.rows)
      if (g.by === "rep" && g.period === o.period.label) fc.set(g.key, forecastBookings(g));
  }
  const source = new Map<string, "potential" | "forecast">();
  const rampDays = o.rampMonths * 30.44;
  const out: QuotaRep[] = org.reps.map((r, i) => {
    const ramp = r.start
      ? rampFactor(dayNumber(r.start), o.period.start, o.period.end, rampDays)
      : 1;
    const f = fc.get(r.rep_id);
    source.set(r.rep_id, f ? "forecast" : "potential");
    // The forecast already reflects who is ramping (its run-rate is by owner); the potential does not.
    const bookings =
      f ??
      scaledBookings(simulateBookings(books.get(r.rep_id) ?? [], o.draws, o.seed * 7919 + i), ramp);
    return {
      rep_id: r.rep_id,
      team: r.team,
      region: r.region,
      bookings,
      ramp,
      capacity: r.capacity,
    };
  });
  const hasQuotas = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'quotas' AND NOT temporary",
  );
  const q = !hasQuotas?.n
    ? undefined
    : await db.one<{ s: number | null }>(
        `SELECT sum(amount * (least(period_end, CAST($end AS DATE)) - greatest(period_start, CAST($start AS DATE)) + 1)
              / (period_end - period_start + 1)) AS s
     FROM quotas WHERE period_end >= CAST($start AS DATE) AND period_start <= CAST($end AS DATE)`,
        { start: iso(o.period.start), end: iso(o.period.end) },
      );
  return {
    reps: out,
    currentQuota: q?.s ?? 0,
    source,
    talAsOf: tal.d,
    books,
    owners: accounts.source === "known_at" && knownReps?.n ? "as_of" : "current",
  };
}

const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** New and expansion bookings won per owner with a close date in the period (for the backtest). */
export async function readActualBookings(db: Db, period: Period): Promise<Map<string, number>> {
  const rows = await db.all<{ rep: string; amount: number }>(
    `SELECT owner_id AS rep, sum(amount) AS amount FROM opportunities
     WHERE status = $won AND type IN ($new, $expansion) AND owner_id IS NOT NULL
       AND close_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
     GROUP BY owner_id`,
    {
      won: "won",
      new: "new",
      expansion: "expansion",
      start: iso(period.start),
      end: iso(period.end),
    },
  );
  return new Map(rows.map((r) => [r.rep, Number(r.amount)]));
}
