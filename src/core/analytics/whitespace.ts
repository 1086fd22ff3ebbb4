import type { AccountFacts } from "./facts.js";
import type { IcpSegment, IcpTable } from "./icp.js";
import { KEY_SEPARATOR } from "./tree.js";

/** Potential of one account: room to grow for customers, expected deal value for everyone. */
export interface WhitespaceRow {
  readonly accountId: string;
  /** The account's deepest segment in the ICP table. */
  readonly segment: string;
  readonly tier: string | null;
  readonly currentArr: number;
  /** The segment's potential annual spend (a high quantile of its customers' ARR, shrunk). */
  readonly potentialArr: number | null;
  /** Potential minus current ARR for customers (never below 0); null for prospects. */
  readonly whitespace: number | null;
  /** The segment's win rate x average contract value of new business. */
  readonly expectedDealValue: number | null;
  /** The segment's shrunk win rate, average contract value and yearly expansion rate. */
  readonly segmentWinRate: number | null;
  readonly segmentAcv: number | null;
  readonly segmentExpansionRate: number | null;
}

/** Whitespace and expected deal value per account from its deepest ICP segment. */
export function whitespaceTable(facts: Iterable<AccountFacts>, table: IcpTable): WhitespaceRow[] {
  const depth = table.dimensions.length;
  const leaves = new Map<string, IcpSegment>();
  for (const s of table.segments) if (s.level === depth) leaves.set(s.key, s);
  const out: WhitespaceRow[] = [];
  for (const f of facts) {
    const key = depth === 0 ? "all" : f.dims.slice(0, depth).join(KEY_SEPARATOR);
    const s = leaves.get(key);
    const current = 12 * Math.max(0, f.mrrNow);
    const potential = s?.potentialArr?.mean ?? null;
    out.push({
      accountId: f.accountId,
      segment: key,
      tier: s?.tier ?? null,
      currentArr: current,
      potentialArr: potential,
      whitespace: current > 0 && potential !== null ? Math.max(0, potential - current) : null,
      expectedDealValue: s?.acv ? s.winRate.mean * s.acv.mean : null,
      segmentWinRate: s ? s.winRate.mean : null,
      segmentAcv: s?.acv?.mean ?? null,
      segmentExpansionRate: s?.expansionRate?.mean ?? null,
    });
  }
  return out;
}
