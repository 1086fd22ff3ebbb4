import type { Tier } from "./priority.js";

/** An opportunity of the period measured, with its account's tier at the start of the period. */
export interface PeriodDeal {
  readonly tier: Tier | null;
  /** Amount of pipeline created in the period (0 when the deal was created before it). */
  readonly created: number;
  /** Amount won in the period (0 when not won in it). */
  readonly won: number;
}

/** How much of a period's pipeline and wins came from each tier: ICP execution. */
export interface ExecutionRow {
  readonly tier: Tier | "none";
  readonly accountShare: number;
  readonly pipeline: number;
  readonly pipelineShare: number;
  readonly won: number;
  readonly wonShare: number;
  /** Share of won revenue over share of accounts: > 1 means the tier over-delivers. */
  readonly lift: number;
}

const TIERS: readonly (Tier | "none")[] = ["A", "B", "C", "D", "none"];

/**
 * Pipeline and closed-won revenue of a period split by tier. Deals of accounts that had no tier
 * (not on the list, or no account) are shown as "none", when they carry any amount, so the shares
 * add up to the whole.
 */
export function icpExecution(
  tierCounts: Readonly<Record<Tier, number>>,
  deals: readonly PeriodDeal[],
): ExecutionRow[] {
  const accounts = tierCounts.A + tierCounts.B + tierCounts.C + tierCounts.D;
  const pipeline = new Map<string, number>();
  const won = new Map<string, number>();
  let pipelineAll = 0;
  let wonAll = 0;
  for (const d of deals) {
    const t = d.tier ?? "none";
    pipeline.set(t, (pipeline.get(t) ?? 0) + d.created);
    won.set(t, (won.get(t) ?? 0) + d.won);
    pipelineAll += d.created;
    wonAll += d.won;
  }
  const untiered = (pipeline.get("none") ?? 0) + (won.get("none") ?? 0);
  return TIERS.filter((t) => t !== "none" || untiered > 0).map((t) => {
    const accountShare = t === "none" || accounts === 0 ? 0 : tierCounts[t] / accounts;
    const p = pipeline.get(t) ?? 0;
    const w = won.get(t) ?? 0;
    const wonShare = wonAll > 0 ? w / wonAll : 0;
    return {
      tier: t,
      accountShare,
      pipeline: p,
      pipelineShare: pipelineAll > 0 ? p / pipelineAll : 0,
      won: w,
      wonShare,
      lift: accountShare > 0 ? wonShare / accountShare : Number.NaN,
    };
  });
}
