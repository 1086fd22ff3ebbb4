import type { BookConfig } from "./config.js";
import { isoOf, quarterOf } from "./days.js";
import type { BookPolicy } from "./policy.js";
import {
  type AccountState,
  type BookAccountInput,
  type BookInput,
  type BookState,
  type CoreExitReason,
  POOL,
  type Reason,
  type RefreshResult,
  type RepBook,
  STAGES,
  type Stage,
  type Transition,
} from "./types.js";

/** Exits after which an account waits out the cool-down before it may rotate in again. */
const COOLING: ReadonlySet<Reason> = new Set<Reason>([
  "won_handoff",
  "lost_twice",
  "out_of_icp",
  "stale",
  "capacity_reduced",
]);

const byValue =
  (value: (id: string) => number) =>
  (x: string, y: string): number =>
    value(y) - value(x) || (x < y ? -1 : x > y ? 1 : 0);

/**
 * Sort ids in place by value, highest first, ties by id: the order of `sort(byValue(value))`,
 * with each value looked up once rather than at every comparison (books of a million accounts).
 */
function sortByValue(ids: string[], value: (id: string) => number): void {
  const keyed = ids.map((id) => ({ id, v: value(id) }));
  keyed.sort((x, y) => y.v - x.v || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) ids[i] = (keyed[i] as { id: string }).id;
}

/** The core score: value, raised for an open opportunity, a customer, a relationship. */
export function coreScore(a: BookAccountInput, day: number, c: BookConfig): number {
  const rel = a.lastEngagement !== null && day - a.lastEngagement <= c.relationshipDays;
  return (
    Math.max(0, a.value) *
    (1 +
      (a.openOpportunity ? c.coreBonus.openOpportunity : 0) +
      (a.isCustomer ? c.coreBonus.customer : 0) +
      (rel ? c.coreBonus.relationship : 0))
  );
}

/** Whether an account counts as in market at `day`, given its last detected surge. */
export function lastSurgeOf(
  a: BookAccountInput,
  prev: AccountState,
  day: number,
  c: BookConfig,
): number | null {
  return a.inMarket && a.surgeScore >= c.inMarketThreshold ? day : prev.lastSurge;
}

/** In market: a surge detected within the hold period. */
export function inMarketAt(lastSurge: number | null, day: number, c: BookConfig): boolean {
  return lastSurge !== null && day - lastSurge <= c.inMarketHoldDays;
}

/**
 * Priority of an in-market account for the BDR lane and for idle AE capacity: its value, raised
 * by how strong its surge is (surge score, -log10 p) and lowered as the last detection ages.
 */
export function inMarketPriority(
  a: BookAccountInput,
  lastSurge: number | null,
  day: number,
  c: BookConfig,
): number {
  const age = lastSurge === null ? c.inMarketHoldDays : Math.max(0, day - lastSurge);
  const fresh = 1 - age / (c.inMarketHoldDays + 1);
  return Math.max(0, a.value) * (1 + Math.max(0, a.surgeScore)) * fresh;
}

/** Qualified: a meeting held or an opportunity created within the qualifying window. */
export function qualifiedAt(a: BookAccountInput, day: number, c: BookConfig): boolean {
  return (
    a.lastQualifying !== null && a.lastQualifying <= day && day - a.lastQualifying <= c.qualifyDays
  );
}

/** Held over: an open opportunity or recent engagement; such an account never rotates out. */
export function heldOver(a: BookAccountInput, day: number, c: BookConfig): boolean {
  return (
    a.openOpportunity || (a.lastEngagement !== null && day - a.lastEngagement <= c.holdoverDays)
  );
}

/** The listed reason a core account leaves its AE's core now, or null when it stays. */
export function coreExitReason(
  a: BookAccountInput,
  s: AccountState,
  ae: string,
  c: BookConfig,
): CoreExitReason | null {
  if (a.patchOwner !== ae) return "patch_changed";
  if (!a.inIcp) return "out_of_icp";
  if (c.handOffWon && a.lastWonNew !== null && a.lastWonNew > s.since) return "won_handoff";
  if (a.lostNew - s.lostBase >= 2) return "lost_twice";
  return null;
}

/** Whether the core term is over at this refresh (first refresh, new plan, or term elapsed). */
export function isNewTerm(
  input: BookInput,
  prev: BookState | null,
  policy: BookPolicy,
  c: BookConfig,
): boolean {
  return (
    !prev || prev.planId !== input.planId || input.day - prev.coreStart >= policy.coreTermDays(c)
  );
}

/**
 * One refresh of every book: core tiers (kept unless a listed exit reason applies, refilled from
 * the patch), rotating tiers (stale accounts out, qualified accounts in, fairly spread), BDR
 * queues (in-market accounts only), and every other account's lifecycle stage.
 */
export function refreshBooks(
  input: BookInput,
  prev: BookState | null,
  c: BookConfig,
  policy: BookPolicy,
): RefreshResult {
  const day = input.day;
  const byRepId = (x: { id: string }, y: { id: string }) =>
    x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  const aes = input.reps.filter((r) => r.role === "ae").sort(byRepId);
  const bdrs = input.reps.filter((r) => r.role === "bdr").sort(byRepId);
  const aeById = new Map(aes.map((r) => [r.id, r]));
  const bdrById = new Map(bdrs.map((r) => [r.id, r]));
  const byId = new Map<string, BookAccountInput>();
  for (const a of input.accounts) byId.set(a.id, a);
  const prevOf = (id: string): AccountState => prev?.accounts.get(id) ?? POOL;
  const next = new Map<string, AccountState>();
  const transitions: Transition[] = [];
  /** Accounts that left a tier at this refresh, with the reason (their new stage is set below). */
  const exits = new Map<string, Reason>();
  const newTerm = isNewTerm(input, prev, policy, c);
  const coreStart = newTerm || !prev ? day : prev.coreStart;
  const quarter = quarterOf(day);
  const intake = new Map<string, number>(prev && prev.quarter === quarter ? prev.intake : []);
  const coreSize = new Map(
    aes.map((r) => [r.id, Math.max(0, Math.min(r.capacity, policy.coreSize(r.capacity, c)))]),
  );
  const scores = new Map<string, number>();
  for (const a of input.accounts) scores.set(a.id, coreScore(a, day, c));
  const score = (id: string): number => scores.get(id) ?? 0;
  const moneyOf = (id: string): number => Math.max(0, byId.get(id)?.value ?? 0);

  const dataOf = (a: BookAccountInput | undefined, to: Stage): Transition["data"] =>
    !a
      ? {}
      : to === "pool" || to === "warming"
        ? { value: Math.round(a.value) }
        : {
            value: Math.round(a.value),
            open_opportunity: a.openOpportunity,
            last_engagement: a.lastEngagement === null ? null : isoOf(a.lastEngagement),
            in_market: a.inMarket,
            surge_score: Math.round(a.surgeScore * 100) / 100,
            patch_owner: a.patchOwner,
          };
  const repOf = (s: AccountState): string | null =>
    s.stage === "core" || s.stage === "rotating" ? s.ae : s.stage === "bdr" ? s.bdr : null;
  const place = (id: string, s: AccountState): void => {
    next.set(id, s);
    const p = prevOf(id);
    if (p.stage !== s.stage || repOf(p) !== repOf(s))
      transitions.push({
        accountId: id,
        from: p.stage,
        to: s.stage,
        fromRep: repOf(p),
        toRep: repOf(s),
        // Leaving a tier: the reason it left; otherwise why it is where it is now.
        reason: exits.get(id) ?? s.reason,
        data: dataOf(byId.get(id), s.stage),
      });
  };

  // Previous tiers and queues, grouped by rep; accounts that vanished leave with "dissolved".
  const prevCore = new Map<string, string[]>();
  const prevRot = new Map<string, string[]>();
  const prevQueue = new Map<string, string[]>();
  if (prev) {
    for (const [id, s] of prev.accounts) {
      if (!byId.has(id)) {
        if (s.stage !== "pool")
          transitions.push({
            accountId: id,
            from: s.stage,
            to: "pool",
            fromRep: repOf(s),
            toRep: null,
            reason: "dissolved",
            data: {},
          });
        continue;
      }
      const group =
        s.stage === "core"
          ? prevCore
          : s.stage === "rotating"
            ? prevRot
            : s.stage === "bdr"
              ? prevQueue
              : null;
      const rep = repOf(s);
      if (!group || rep === null) continue;
      const list = group.get(rep);
      if (list) list.push(id);
      else group.set(rep, [id]);
    }
  }
  for (const [rep, ids] of prevCore)
    if (!aeById.has(rep)) for (const id of ids) exits.set(id, "rep_gone");
  for (const [rep, ids] of prevRot)
    if (!aeById.has(rep)) for (const id of ids) exits.set(id, "rep_gone");

  // Patches: each AE's accounts, best core score first.
  const patch = new Map<string, string[]>();
  for (const a of input.accounts) {
    if (a.patchOwner === null || !aeById.has(a.patchOwner) || !a.inIcp) continue;
    const list = patch.get(a.patchOwner);
    if (list) list.push(a.id);
    else patch.set(a.patchOwner, [a.id]);
  }
  for (const list of patch.values()) sortByValue(list, score);

  // --- Core tiers ------------------------------------------------------------------------
  const inCore = new Map<string, string>();
  const coreLists = new Map<string, string[]>();
  const cooling = (id: string): boolean => {
    const u = prevOf(id).coolUntil;
    return u !== null && u > day;
  };
  const keptCore = new Map<string, string[]>();
  for (const ae of aes) {
    const size = coreSize.get(ae.id) ?? 0;
    const kept: string[] = [];
    for (const id of prevCore.get(ae.id) ?? []) {
      const a = byId.get(id);
      if (!a) continue;
      if (newTerm) {
        exits.set(id, "new_term");
        continue;
      }
      const why = policy.coreExits ? coreExitReason(a, prevOf(id), ae.id, c) : null;
      if (why) exits.set(id, why);
      else kept.push(id);
    }
    if (kept.length > size) {
      sortByValue(kept, score);
      for (const id of kept.splice(size)) exits.set(id, "capacity_reduced");
    }
    for (const id of kept) inCore.set(id, ae.id);
    keptCore.set(ae.id, kept);
  }
  for (const ae of aes) {
    const size = coreSize.get(ae.id) ?? 0;
    const list = [...(keptCore.get(ae.id) ?? [])];
    for (const id of patch.get(ae.id) ?? []) {
      if (list.length >= size) break;
      if (inCore.has(id) || cooling(id)) continue;
      const why = exits.get(id);
      if (why !== undefined && COOLING.has(why)) continue;
      const p = prevOf(id);
      if (p.stage === "rotating" && p.ae !== ae.id && why === undefined) continue;
      list.push(id);
      inCore.set(id, ae.id);
    }
    coreLists.set(ae.id, list);
    for (const id of list) {
      const p = prevOf(id);
      const a = byId.get(id) as BookAccountInput;
      if (p.stage === "core" && p.ae === ae.id) {
        exits.delete(id);
        next.set(id, p);
        continue;
      }
      place(id, {
        stage: "core",
        ae: ae.id,
        bdr: null,
        since: day,
        reason: newTerm
          ? "core_chosen"
          : p.stage === "rotating"
            ? "promoted_to_core"
            : "core_refill",
        coolUntil: null,
        lastSurge: p.lastSurge,
        lostBase: a.lostNew,
        value: a.value,
      });
      exits.delete(id);
    }
  }

  // --- Rotating tiers: stale accounts out ---------------------------------------------------
  const rotLists = new Map<string, string[]>();
  for (const ae of aes) {
    const kept: string[] = [];
    for (const id of prevRot.get(ae.id) ?? []) {
      const a = byId.get(id);
      if (!a || inCore.has(id)) continue;
      const p = prevOf(id);
      const stale =
        !a.openOpportunity &&
        (a.lastEngagement === null || day - a.lastEngagement > c.staleDays) &&
        day - p.since > c.staleDays;
      if (!policy.rotating) exits.set(id, "capacity_reduced");
      else if (stale && !heldOver(a, day, c)) exits.set(id, "stale");
      else kept.push(id);
    }
    const room = ae.capacity - (coreLists.get(ae.id)?.length ?? 0);
    if (kept.length > room) {
      // Capacity fell: the least valuable go first, accounts held over last.
      kept.sort(
        (x, y) =>
          Number(heldOver(byId.get(y) as BookAccountInput, day, c)) -
            Number(heldOver(byId.get(x) as BookAccountInput, day, c)) || byValue(moneyOf)(x, y),
      );
      for (const id of kept.splice(Math.max(0, room))) exits.set(id, "capacity_reduced");
    }
    for (const id of kept) next.set(id, prevOf(id));
    rotLists.set(ae.id, kept);
  }

  // --- Everyone else: surge, qualification, rotation in, BDR queues, warming ------------------
  const surge = new Map<string, number | null>();
  const qualified: string[] = [];
  const inMarket: string[] = [];
  // Accounts not in market, with their previous state (parallel arrays: no lookups again below).
  const rest: BookAccountInput[] = [];
  const restPrev: AccountState[] = [];
  for (const a of input.accounts) {
    const p = prevOf(a.id);
    const ls = lastSurgeOf(a, p, day, c);
    // Only surges are kept (most accounts have none): a missing entry reads as null.
    if (ls !== null) surge.set(a.id, ls);
    if (next.has(a.id)) {
      // In a core or rotating tier: keep the latest surge on its state.
      const s = next.get(a.id) as AccountState;
      if (s.lastSurge !== ls) next.set(a.id, { ...s, lastSurge: ls });
      continue;
    }
    if (qualifiedAt(a, day, c)) qualified.push(a.id);
    else if (inMarketAt(ls, day, c)) inMarket.push(a.id);
    else {
      rest.push(a);
      restPrev.push(p);
    }
  }
  const base = (id: string, stage: Stage, reason: Reason): AccountState => {
    const p = prevOf(id);
    const why = exits.get(id);
    const cool =
      why !== undefined && COOLING.has(why)
        ? day + c.coolDownDays
        : p.coolUntil !== null && p.coolUntil > day
          ? p.coolUntil
          : null;
    const same = p.stage === stage && why === undefined;
    return {
      stage,
      ae: null,
      bdr: null,
      since: same ? p.since : day,
      reason: why ?? (same ? p.reason : reason),
      coolUntil: cool,
      lastSurge: surge.get(id) ?? null,
      lostBase: 0,
      value: byId.get(id)?.value ?? 0,
    };
  };

  // Rotation in: to the patch owner unless that AE is already well ahead of the others in value
  // received this quarter (then to the AE with the least), within room and rotations per refresh.
  const noCapacity: string[] = [];
  const rotCap = new Map(
    aes.map((r) => [r.id, Math.max(0, r.capacity - (coreSize.get(r.id) ?? 0))]),
  );
  const room = new Map(
    aes.map((r) => [
      r.id,
      r.capacity - (coreLists.get(r.id)?.length ?? 0) - (rotLists.get(r.id)?.length ?? 0),
    ]),
  );
  const left = new Map(aes.map((r) => [r.id, c.maxRotationsPerRefresh]));
  const ratio = (id: string) => (intake.get(id) ?? 0) / Math.max(1, rotCap.get(id) ?? 0);
  const withSlots = aes.filter((r) => (rotCap.get(r.id) ?? 0) > 0);
  let open = policy.rotating
    ? aes.filter((r) => (room.get(r.id) ?? 0) > 0 && (left.get(r.id) ?? 0) > 0).map((r) => r.id)
    : [];
  let ratioSum = withSlots.reduce((s, r) => s + ratio(r.id), 0);
  /** Rotate `id` into an AE's rotating tier; false when it is cooling down or no AE has room. */
  const rotateIn = (id: string, reason: "rotated_in" | "in_market_to_ae"): boolean => {
    const p = prevOf(id);
    const why = exits.get(id);
    const cool =
      (p.coolUntil !== null && p.coolUntil > day) || (why !== undefined && COOLING.has(why));
    if (cool || open.length === 0) return false;
    const a = byId.get(id) as BookAccountInput;
    const mean = withSlots.length ? ratioSum / withSlots.length : 0;
    let ae: string | undefined;
    if (
      a.patchOwner !== null &&
      open.includes(a.patchOwner) &&
      ratio(a.patchOwner) <= (1 + c.fairnessTolerance) * mean + 1e-9
    )
      ae = a.patchOwner;
    else {
      let best = Number.POSITIVE_INFINITY;
      for (const r of open) {
        const q = ratio(r);
        if (q < best || (q === best && r === a.patchOwner)) {
          best = q;
          ae = r;
        }
      }
    }
    if (ae === undefined) return false;
    const before = ratio(ae);
    intake.set(ae, (intake.get(ae) ?? 0) + Math.max(0, a.value));
    ratioSum += ratio(ae) - before;
    room.set(ae, (room.get(ae) ?? 0) - 1);
    left.set(ae, (left.get(ae) ?? 0) - 1);
    rotLists.get(ae)?.push(id);
    if ((room.get(ae) ?? 0) <= 0 || (left.get(ae) ?? 0) <= 0) open = open.filter((r) => r !== ae);
    place(id, { ...base(id, "rotating", reason), ae, since: day, reason, coolUntil: null });
    return true;
  };
  // Qualified accounts first, the most valuable first.
  sortByValue(qualified, moneyOf);
  for (const id of qualified) {
    if (policy.rotating && rotateIn(id, "rotated_in")) continue;
    noCapacity.push(id);
    place(id, base(id, "qualified", "qualified"));
  }

  // BDR queues: in-market accounts only; those already queued stay with their BDR, the others
  // enter by priority (fresh, strong surges on valuable accounts first).
  const priority = new Map<string, number>();
  for (const id of inMarket)
    priority.set(
      id,
      inMarketPriority(byId.get(id) as BookAccountInput, surge.get(id) ?? null, day, c),
    );
  sortByValue(inMarket, (id) => priority.get(id) ?? 0);
  const queues = new Map<string, string[]>(bdrs.map((r) => [r.id, []]));
  const waiting: string[] = [];
  if (policy.bdrLane && bdrs.length > 0) {
    for (const id of inMarket) {
      const p = prevOf(id);
      const q = p.stage === "bdr" && p.bdr !== null ? queues.get(p.bdr) : undefined;
      const cap = p.bdr !== null ? (bdrById.get(p.bdr)?.capacity ?? 0) : 0;
      if (q && q.length < cap) {
        q.push(id);
        place(id, { ...base(id, "bdr", "to_bdr"), bdr: p.bdr });
      } else waiting.push(id);
    }
    const still: string[] = [];
    for (const id of waiting) {
      let best: string | null = null;
      let free = 0;
      for (const r of bdrs) {
        const f = r.capacity - (queues.get(r.id)?.length ?? 0);
        if (f > free) {
          free = f;
          best = r.id;
        }
      }
      if (best === null) {
        still.push(id);
        continue;
      }
      queues.get(best)?.push(id);
      place(id, { ...base(id, "bdr", "to_bdr"), bdr: best, since: day, reason: "to_bdr" });
    }
    waiting.length = 0;
    waiting.push(...still);
  } else waiting.push(...inMarket);
  // In market, but no BDR has room: an AE with idle rotating capacity works it directly (when
  // configured), else it waits, reported as "no capacity".
  for (const id of waiting) {
    if (policy.rotating && c.inMarketToAe && rotateIn(id, "in_market_to_ae")) continue;
    noCapacity.push(id);
    place(id, base(id, "in_market", "surge"));
  }

  // Not in market: marketing warms up good-fit accounts; the rest wait in the pool.
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k] as BookAccountInput;
    const p = restPrev[k] as AccountState;
    const id = a.id;
    // Fast path: a plain pool account that stays plain pool (most accounts) needs nothing.
    if (p === POOL && !a.goodFit && !exits.has(id) && (surge.get(id) ?? null) === null) continue;
    // Fast path: an account that stays warming with nothing changed keeps its state object.
    if (
      a.goodFit &&
      p.stage === "warming" &&
      !exits.has(id) &&
      p.lastSurge === (surge.get(id) ?? null) &&
      p.value === a.value &&
      p.lostBase === 0 &&
      (p.coolUntil === null || p.coolUntil > day)
    ) {
      next.set(id, p);
      continue;
    }
    const stage: Stage = a.goodFit ? "warming" : "pool";
    const reason: Reason = a.goodFit
      ? "good_fit"
      : p.stage === "in_market" || p.stage === "bdr"
        ? "surge_ended"
        : "fit_dropped";
    const s = base(id, stage, reason);
    const plain = stage === "pool" && s.coolUntil === null && !inMarketAt(s.lastSurge, day, c);
    if (!plain || p.stage !== "pool") place(id, s);
    if (plain) next.delete(id);
  }

  // --- Report -----------------------------------------------------------------------------
  const books: RepBook[] = [];
  for (const r of aes)
    books.push({
      repId: r.id,
      role: "ae",
      capacity: r.capacity,
      coreSize: coreSize.get(r.id) ?? 0,
      core: coreLists.get(r.id) ?? [],
      rotating: rotLists.get(r.id) ?? [],
      queue: [],
      intake: intake.get(r.id) ?? 0,
    });
  for (const r of bdrs)
    books.push({
      repId: r.id,
      role: "bdr",
      capacity: r.capacity,
      coreSize: 0,
      core: [],
      rotating: [],
      queue: queues.get(r.id) ?? [],
      intake: 0,
    });
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const s of next.values()) counts[s.stage]++;
  counts.pool =
    input.accounts.length - [...STAGES].reduce((n, s) => (s === "pool" ? n : n + counts[s]), 0);
  const ratios = aes
    .filter((r) => r.capacity - (coreSize.get(r.id) ?? 0) > 0)
    .map((r) => (intake.get(r.id) ?? 0) / (r.capacity - (coreSize.get(r.id) ?? 0)));
  return {
    state: {
      day,
      planId: input.planId,
      policy: policy.name,
      coreStart,
      accounts: next,
      quarter,
      intake,
    },
    transitions,
    books,
    noCapacity,
    fairness: coefficientOfVariation(ratios),
    counts,
  };
}

/** Standard deviation over mean (0 when the mean is 0 or there are fewer than two values). */
export function coefficientOfVariation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (mean <= 0) return 0;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(v) / mean;
}
