/**
 * Stored forecasts (`paydirt forecast --save`, migration 9): the head (as-of date, periods, draws,
 * the weekly company fan and the issues), one row per group and period, and the coverage rows.
 * Saving under an existing name replaces it in one transaction; the server reads them back.
 */

import { PaydirtError } from "../../core/errors.js";
import type { CoverageResult, CoverageRow } from "../../core/forecast/coverage.js";
import { fanPoints } from "../../core/forecast/fan.js";
import type { ForecastResult, GroupForecast } from "../../core/forecast/forecast.js";
import { isoDay } from "../../core/forecast/types.js";
import type { Severity } from "../../core/issues.js";
import type { Db } from "../store/db.js";

/** One period's company figures (the head of a stored forecast). */
export type CompanyFigures = Omit<GroupForecast, "by" | "key" | "open_deals">;

/** A stored forecast as listed. */
export interface ForecastSummary {
  readonly name: string;
  readonly as_of: string;
  readonly created_at: string;
  readonly periods: [string, string];
  readonly draws: number;
  readonly seed: number;
  readonly open_deals: number;
  readonly company: CompanyFigures[];
}

export interface StoredGroup extends Omit<GroupForecast, "by"> {
  readonly by: GroupForecast["by"];
}

/** A coverage row as stored: its suggested accounts reduced to id, rank and value. */
export interface StoredCoverage extends Omit<CoverageRow, "suggestions"> {
  readonly suggestions: { account_id: string; rank: number; value: number }[];
}

export interface FanPoint {
  readonly day: string;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

/** A stored forecast in full. */
export interface StoredForecast {
  readonly forecast: ForecastSummary & { multiple: number; qualified_stage: string | null };
  readonly groups: StoredGroup[];
  readonly fan: FanPoint[];
  readonly coverage: StoredCoverage[];
  readonly issues: { code: string; severity: Severity; message: string }[];
}

/** Default name of a forecast saved as of a day. */
export function defaultForecastName(asOf: number): string {
  return `forecast-${isoDay(asOf)}`;
}

/** Store a forecast and its coverage under `name` (replacing one of that name). */
export async function saveForecast(
  db: Db,
  name: string,
  result: ForecastResult,
  cov: CoverageResult,
  run: { draws: number; seed: number },
): Promise<void> {
  const fan = fanPoints(result).map((p) => ({
    day: isoDay(p.day),
    p10: p.p10,
    p50: p.p50,
    p90: p.p90,
  }));
  const issues = [...result.issues, ...cov.issues].map((i) => ({
    code: i.code,
    severity: i.severity,
    message: i.message,
  }));
  const coverageRows = cov.rows.map((r) => ({
    ...r,
    suggestions: r.suggestions.map((s) => ({
      account_id: s.account,
      rank: s.rank,
      value: s.value,
    })),
  }));
  await db.transaction(async () => {
    for (const table of ["forecast_coverage", "forecast_groups"])
      await db.run(`DELETE FROM ${table} WHERE name = $name`, { name });
    await db.run("DELETE FROM forecasts WHERE name = $name", { name });
    await db.run(
      `INSERT INTO forecasts VALUES ($name, now(), CAST($as_of AS DATE), $p1, $p2, $draws, $seed,
        $open_deals, $multiple, $stage, $fan, $issues)`,
      {
        name,
        as_of: isoDay(result.asOf),
        p1: result.periods[0].label,
        p2: result.periods[1].label,
        draws: run.draws,
        seed: run.seed,
        open_deals: result.scores.length,
        multiple: cov.multiple,
        stage: cov.qualifiedStage,
        fan: JSON.stringify(fan),
        issues: JSON.stringify(issues),
      },
    );
    await db.run(
      `INSERT INTO forecast_groups SELECT $name, r."by", r."key", r.period, r.won_to_date,
         r.open_expected, r.new_expected, r.mean, r.p10, r.p50, r.p90, r.quota, r.open_deals
       FROM (SELECT unnest(from_json($rows, '[{"by":"VARCHAR","key":"VARCHAR","period":"VARCHAR",
         "won_to_date":"DOUBLE","open_expected":"DOUBLE","new_expected":"DOUBLE","mean":"DOUBLE",
         "p10":"DOUBLE","p50":"DOUBLE","p90":"DOUBLE","quota":"DOUBLE","open_deals":"INTEGER"}]')) AS r)`,
      { name, rows: JSON.stringify(result.rows) },
    );
    await db.run(
      `INSERT INTO forecast_coverage SELECT $name, r."by", r."key", r.period, r.quota, r.won_to_date,
         r.remaining, r.qualified, r.expected, r.coverage, r.flagged, r.gap, r.suggestions
       FROM (SELECT unnest(from_json($rows, '[{"by":"VARCHAR","key":"VARCHAR","period":"VARCHAR",
         "quota":"DOUBLE","won_to_date":"DOUBLE","remaining":"DOUBLE","qualified":"DOUBLE",
         "expected":"DOUBLE","coverage":"DOUBLE","flagged":"BOOLEAN","gap":"DOUBLE",
         "suggestions":"JSON"}]')) AS r)`,
      { name, rows: JSON.stringify(coverageRows) },
    );
  });
}

async function hasForecasts(db: Db): Promise<boolean> {
  const r = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'forecasts' AND database_name = current_database()",
  );
  return (r?.n ?? 0) > 0;
}

interface HeadRow {
  name: string;
  as_of: string;
  created_at: string;
  period1: string;
  period2: string;
  draws: number;
  seed: number;
  open_deals: number;
  multiple: number;
  qualified_stage: string | null;
}

const HEAD = `SELECT name, CAST(as_of AS VARCHAR) AS as_of, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS created_at,
  period1, period2, draws, seed, open_deals, multiple, qualified_stage FROM forecasts`;

const COMPANY = `SELECT name, period, won_to_date, open_expected, new_expected, mean, p10, p50, p90, quota
  FROM forecast_groups WHERE "by" = 'company'`;

function summary(h: HeadRow, company: (CompanyFigures & { name: string })[]): ForecastSummary {
  const periods: [string, string] = [h.period1, h.period2];
  return {
    name: h.name,
    as_of: h.as_of,
    created_at: h.created_at,
    periods,
    draws: h.draws,
    seed: h.seed,
    open_deals: h.open_deals,
    company: periods.flatMap((p) =>
      company.filter((c) => c.name === h.name && c.period === p).map(({ name: _, ...c }) => c),
    ),
  };
}

/** Stored forecasts, newest first (at most `limit`). */
export async function listForecasts(db: Db, limit = 50): Promise<ForecastSummary[]> {
  if (!(await hasForecasts(db))) return [];
  const heads = await db.all<HeadRow>(`${HEAD} ORDER BY created_at DESC, name LIMIT $limit`, {
    limit,
  });
  const company = await db.all<CompanyFigures & { name: string }>(COMPANY);
  return heads.map((h) => summary(h, company));
}

/** One stored forecast (groups of one level when `by` is given); not_found naming it otherwise. */
export async function loadForecast(
  db: Db,
  name: string,
  by?: GroupForecast["by"],
): Promise<StoredForecast> {
  const head = (await hasForecasts(db))
    ? await db.one<HeadRow & { fan: string; issues: string }>(
        `SELECT * FROM (${HEAD.replace("FROM forecasts", ", CAST(fan AS VARCHAR) AS fan, CAST(issues AS VARCHAR) AS issues FROM forecasts")}) WHERE name = $name`,
        { name },
      )
    : undefined;
  if (!head) {
    const names = (await listForecasts(db, 20)).map((f) => f.name);
    throw PaydirtError.of(
      "not_found",
      "forecast_not_found",
      `no stored forecast ${name}${names.length ? ` (have ${names.join(", ")})` : " (none stored: paydirt forecast --save)"}`,
      { ids: { forecast: name } },
    );
  }
  const company = await db.all<CompanyFigures & { name: string }>(`${COMPANY} AND name = $name`, {
    name,
  });
  const groups = await db.all<StoredGroup>(
    `SELECT "by", "key", period, won_to_date, open_expected, new_expected, mean, p10, p50, p90, quota, open_deals
     FROM forecast_groups WHERE name = $name AND ($by IS NULL OR "by" = $by)
     ORDER BY CASE "by" WHEN 'company' THEN 0 WHEN 'region' THEN 1 WHEN 'team' THEN 2 ELSE 3 END, "key", period`,
    { name, by: by ?? null },
  );
  const coverage = (
    await db.all<Omit<StoredCoverage, "suggestions"> & { suggestions: string }>(
      `SELECT "by", "key", period, quota, won_to_date, remaining, qualified, expected, coverage, flagged, gap,
         CAST(suggestions AS VARCHAR) AS suggestions
       FROM forecast_coverage WHERE name = $name
       ORDER BY CASE "by" WHEN 'team' THEN 0 ELSE 1 END, "key", period`,
      { name },
    )
  ).map((r) => ({ ...r, suggestions: JSON.parse(r.suggestions) as StoredCoverage["suggestions"] }));
  const { fan, issues, ...h } = head;
  return {
    forecast: {
      ...summary(h, company),
      multiple: h.multiple,
      qualified_stage: h.qualified_stage,
    },
    groups,
    fan: JSON.parse(fan) as FanPoint[],
    coverage,
    issues: JSON.parse(issues) as StoredForecast["issues"],
  };
}
