import type { AccountAnalyticsRow } from "../../core/analytics/accounts.js";
import type { ProgressFactory } from "../../core/scoring/ml/train.js";
import {
  buildTal,
  DEFAULT_TAL_OPTIONS,
  type TalInput,
  type TalOptions,
  type TalRow,
} from "../../core/scoring/tal/index.js";
import { computeAccountAnalytics } from "../analytics/accounts.js";
import { computeIcp, type IcpResult } from "../analytics/icp.js";
import type { Db } from "../store/db.js";
import { type AccountFit, FitUnavailable, fitAccounts } from "./fit.js";

/** What the unified target account list is built from. */
export interface TalRequest {
  /** YYYY-MM-DD; default: the latest date the store has facts for. */
  readonly asOf?: string;
  /** Segment dimensions of the ICP (deal size, expansion, whitespace) and surge peers. */
  readonly dimensions: readonly string[];
  readonly peers?: readonly string[];
  /** Months of closed deals learnt from. */
  readonly windowMonths: number;
  readonly seed?: number;
  readonly options?: Partial<TalOptions>;
  readonly progress?: ProgressFactory;
  readonly log?: (line: string) => void;
}

/** The list, and everything behind it. */
export interface TalResult {
  readonly asOf: string;
  readonly rows: readonly TalRow[];
  readonly inputs: ReadonlyMap<string, TalInput>;
  readonly analytics: ReadonlyMap<string, AccountAnalyticsRow>;
  /** The fit model, or null when there were too few deals to learn one (see `notes`). */
  readonly fit: AccountFit | null;
  readonly icp: IcpResult;
  readonly notes: readonly string[];
}

const finite = (v: number | null | undefined): number =>
  v !== null && v !== undefined && Number.isFinite(v) ? v : 0;

/**
 * The whole chain as of T: ICP segments (deal size, expansion rate, whitespace), intent and surge,
 * the look-alike fit model, then the ranked, tiered and explained list of every account.
 */
export async function buildTargetList(db: Db, req: TalRequest): Promise<TalResult> {
  const icp = await computeIcp(db, {
    ...(req.asOf ? { asOf: req.asOf } : {}),
    dimensions: req.dimensions,
    windowMonths: req.windowMonths,
  });
  req.log?.(`ICP segments as of ${icp.asOf}`);
  const { rows: analytics } = await computeAccountAnalytics(db, icp, {
    peers: req.peers ?? req.dimensions.slice(0, 2),
  });
  req.log?.("intent, reach and surge of every account");
  const notes: string[] = [];
  let fit: AccountFit | null = null;
  try {
    fit = await fitAccounts(db, {
      asOf: icp.asOf,
      windowMonths: req.windowMonths,
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(req.progress ? { progress: req.progress } : {}),
      ...(req.log ? { log: req.log } : {}),
    });
  } catch (err) {
    if (!(err instanceof FitUnavailable)) throw err;
    notes.push(`${err.message}; fit is the account's segment win rate instead`);
  }
  const fitIndex = new Map<string, number>();
  fit?.ids.forEach((id, i) => {
    fitIndex.set(id, i);
  });
  const inputs = new Map<string, TalInput>();
  const byId = new Map<string, AccountAnalyticsRow>();
  for (const a of analytics) {
    const i = fitIndex.get(a.accountId);
    const reasons =
      i === undefined || !fit
        ? []
        : (() => {
            const e = fit.explain(i, 2);
            return [...e.up, ...e.down].map((r) => ({
              feature: `${r.column}=${r.value}`,
              effect: r.effect,
            }));
          })();
    byId.set(a.accountId, a);
    inputs.set(a.accountId, {
      id: a.accountId,
      isCustomer: finite(a.currentArr) > 0,
      fit: fit && i !== undefined ? finite(fit.fit[i]) : finite(a.segmentWinRate),
      dealSize: finite(a.segmentAcv),
      expandProbability: finite(a.segmentExpansionRate),
      whitespace: Math.max(0, finite(a.whitespace)),
      intent: finite(a.engagement),
      inMarket: a.inMarket,
      ...(a.surgeStart ? { inMarketSince: a.surgeStart } : {}),
      reasons,
    });
  }
  const rows = buildTal([...inputs.values()], { ...DEFAULT_TAL_OPTIONS, ...req.options });
  return { asOf: icp.asOf, rows, inputs, analytics: byId, fit, icp, notes };
}
