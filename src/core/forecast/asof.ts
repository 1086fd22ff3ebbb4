import type { Day, DealRecord, DealStatus } from "./types.js";

/** What was known about a deal at the end of a day. */
export interface DealState {
  readonly status: DealStatus;
  /** Day it closed (when closed by then). */
  readonly closedOn: Day | null;
  readonly stage: string | null;
  /** Day the current stage was entered (the creation day when unknown). */
  readonly stageSince: Day;
  readonly amount: number | null;
  /** The first amount recorded. */
  readonly firstAmount: number | null;
  /** Expected close date while open. */
  readonly closeDate: Day | null;
  /** How many times the expected close date moved later. */
  readonly pushes: number;
  readonly category: string | null;
  /** Whether the state comes from recorded changes (else reconstructed from the deal row). */
  readonly fromHistory: boolean;
}

/**
 * The deal as known at the end of day `t` (undefined before it was created), by the rules of the
 * store's `opportunities_as_of`: recorded changes up to `t` when there are any, else the deal row
 * with a later outcome hidden (open; stage, close date and amount unknown, as a final amount can
 * give the outcome away, e.g. lost deals recorded at 0); a deal whose row says it closed on or
 * before `t` is closed.
 */
export function dealAt(deal: DealRecord, t: Day): DealState | undefined {
  if (deal.created > t) return undefined;
  const closedByT = deal.status !== "open" && deal.closeDate !== null && deal.closeDate <= t;
  let n = 0;
  while (n < deal.events.length && (deal.events[n]?.day ?? Number.POSITIVE_INFINITY) <= t) n++;
  if (n === 0) {
    const open = deal.status === "open";
    return {
      status: closedByT ? deal.status : "open",
      closedOn: closedByT ? deal.closeDate : null,
      stage: closedByT || open ? deal.stage : null,
      stageSince: deal.created,
      amount: closedByT || open ? deal.amount : null,
      firstAmount: closedByT || open ? deal.amount : null,
      closeDate: closedByT || open ? deal.closeDate : null,
      pushes: 0,
      category: closedByT || open ? deal.category : null,
      fromHistory: false,
    };
  }
  let stage: string | null = null;
  let status: DealStatus | null = null;
  let amount: number | null = null;
  let firstAmount: number | null = null;
  let closeDate: Day | null = null;
  let category: string | null = null;
  let stageSince = deal.created;
  let pushes = 0;
  let closedOn: Day | null = null;
  for (let i = 0; i < n; i++) {
    const e = deal.events[i];
    if (e === undefined) continue;
    if (i === 0 || e.stage !== stage) stageSince = Math.max(deal.created, e.day);
    stage = e.stage;
    status = e.status;
    if (status !== null && status !== "open" && closedOn === null) closedOn = e.day;
    if (status === "open") closedOn = null;
    if (e.amount !== null) {
      firstAmount ??= e.amount;
      amount = e.amount;
    }
    if (e.closeDate !== null) {
      if (closeDate !== null && e.closeDate > closeDate && (status ?? "open") === "open") pushes++;
      closeDate = e.closeDate;
    }
    if (e.category !== null) category = e.category;
  }
  if (closedByT) {
    return {
      status: deal.status,
      closedOn: deal.closeDate,
      stage: deal.stage,
      stageSince,
      amount: amount ?? deal.amount,
      firstAmount: firstAmount ?? deal.amount,
      closeDate: deal.closeDate,
      pushes,
      category: deal.category ?? category,
      fromHistory: true,
    };
  }
  const st = status ?? "open";
  const closed = st === "open" ? null : (closedOn ?? closeDate);
  return {
    status: st,
    closedOn: closed,
    stage,
    stageSince,
    amount: amount ?? deal.amount,
    firstAmount: firstAmount ?? deal.amount,
    // A closed deal's close date is the day it closed (not the last expected one).
    closeDate: st === "open" ? closeDate : closed,
    pushes,
    category,
    fromHistory: true,
  };
}

/**
 * The deal as a store cut at the end of day `t` would hold it (undefined if created later): only
 * the changes recorded by then, and its row as it then stood. Used to check that nothing computed
 * as of `t` reads later facts.
 */
export function cutDeal(deal: DealRecord, t: Day): DealRecord | undefined {
  const s = dealAt(deal, t);
  if (s === undefined) return undefined;
  return {
    ...deal,
    status: s.status,
    stage: s.stage,
    amount: s.amount,
    closeDate: s.status === "open" ? s.closeDate : s.closedOn,
    category: s.category,
    events: deal.events.filter((e) => e.day <= t),
  };
}
