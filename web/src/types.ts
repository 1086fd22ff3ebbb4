/** Shapes of the API answers the app reads (see /openapi.json). */
export interface Rollup {
  group: string;
  accounts: number;
  customers: number;
  arr: number;
  won_12m: number;
  pipeline: number;
  win_rate: number | null;
}
export interface Overview {
  store: string;
  referenceDate: string | null;
  counts: { entity: string; rows: number }[];
  accounts: number;
  customers: number;
  arr: number;
  opportunities: {
    open: number;
    won: number;
    lost: number;
    pipeline: number;
    wonAmount: number;
    winRate: number | null;
  };
  byRegion: Rollup[];
  bySize: Rollup[];
  byIndustry: Rollup[];
  targetList: {
    asOf: string;
    accounts: number;
    inMarket: number;
    tiers: { tier: string; accounts: number; value: number }[];
  } | null;
  plans: { name: string; created_at: string; status: string }[];
  missing: { what: string; run: string }[];
}
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  observed: number | null;
}
export interface IcpSegment {
  key: string;
  dims: Record<string, string>;
  accounts: number;
  customers: number;
  won: number;
  lost: number;
  arr: number;
  winRate: Interval | null;
  acv: Interval | null;
  clv: Interval | null;
  value: Interval | null;
  pAboveAverage: number | null;
  tier: string | null;
  rank: number;
}
export interface IcpSegments {
  asOf: string;
  dimensions: string[];
  segments: IcpSegment[];
  notes: string[];
}
export interface TargetAccount {
  rank: number;
  account_id: string;
  name: string | null;
  tier: string | null;
  priority: number | null;
  value: number | null;
  fit: number | null;
  motion: string | null;
  in_market: boolean | null;
  explanation: string | null;
  industry: string | null;
  size_band: string | null;
  state: string | null;
  region: string | null;
  owner_id: string | null;
}
export interface TargetPage {
  asOf: string | null;
  total: number;
  offset: number;
  limit: number;
  rows: TargetAccount[];
}
export interface Facets {
  asOf: string | null;
  tier: string[];
  industry: string[];
  sizeBand: string[];
  region: string[];
  owner: string[];
}
export interface PlanListItem {
  name: string;
  created_at: string;
  solver: string;
  status: string;
  objective: number | null;
  issues: number;
}
export interface PlanRep {
  id: string;
  name: string | null;
  accounts: number;
  loads: number[];
  ofTarget: (number | null)[];
}
export interface PlanDetail {
  name: string;
  status: string;
  solver: string;
  objective: number | null;
  measures: { name: string; tolerance: number | null; worstDeviation: number }[];
  reps: PlanRep[];
  issues: { code: string; message: string }[];
  notes: string[];
  movedUnits: number | null;
  meanDistance: number | null;
}
export interface Comparison {
  a: PlanDetail;
  b: PlanDetail;
  differing: number;
  moved: {
    account_id: string;
    owner_a: string | null;
    owner_b: string | null;
    reason_b: string | null;
  }[];
}
