import type { IcpSegment, IcpTable } from "./icp.js";

/** One flat ICP row for CSV exports and the target account list: plain numbers and text. */
export type IcpRow = Readonly<Record<string, string | number | null>>;

const r4 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4;
const r0 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x);

/** Flatten one segment: every metric as mean, lo, hi (and the unshrunk observed value). */
export function icpRow(s: IcpSegment, dimensions: readonly string[]): IcpRow {
  const row: Record<string, string | number | null> = { segment: s.key, level: s.level };
  for (const d of dimensions) row[d] = s.dims[d] ?? null;
  Object.assign(row, {
    tier: s.tier,
    rank: s.rank,
    p_above_average: r4(s.pAboveAverage),
    accounts: s.accounts,
    customers: s.customers,
    arr: r0(s.arr),
    open_pipeline: r0(s.openPipeline),
    won: s.won,
    lost: s.lost,
    win_rate: r4(s.winRate.mean),
    win_rate_lo: r4(s.winRate.lo),
    win_rate_hi: r4(s.winRate.hi),
    win_rate_observed: r4(s.winRate.observed),
    acv: r0(s.acv?.mean),
    acv_lo: r0(s.acv?.lo),
    acv_hi: r0(s.acv?.hi),
    cycle_days: r4(s.cycleDays?.mean),
    cycle_days_lo: r4(s.cycleDays?.lo),
    cycle_days_hi: r4(s.cycleDays?.hi),
    arr_per_customer: r0(s.arrPerCustomer?.mean),
    potential_arr: r0(s.potentialArr?.mean),
    logo_retention: r4(s.logoRetention?.mean),
    logo_retention_lo: r4(s.logoRetention?.lo),
    logo_retention_hi: r4(s.logoRetention?.hi),
    nrr: r4(s.nrr?.mean),
    nrr_lo: r4(s.nrr?.lo),
    nrr_hi: r4(s.nrr?.hi),
    grr: r4(s.grr?.mean),
    grr_lo: r4(s.grr?.lo),
    grr_hi: r4(s.grr?.hi),
    expansion_rate: r4(s.expansionRate?.mean),
    clv: r0(s.clv?.mean),
    clv_lo: r0(s.clv?.lo),
    clv_hi: r0(s.clv?.hi),
    value_per_opportunity: r0(s.value?.mean),
    value_lo: r0(s.value?.lo),
    value_hi: r0(s.value?.hi),
  });
  return row;
}

/** Every segment of the table as flat rows, level by level, best first. */
export function icpRows(t: IcpTable): IcpRow[] {
  return [...t.segments]
    .sort((a, b) => a.level - b.level || a.rank - b.rank)
    .map((s) => icpRow(s, t.dimensions));
}
