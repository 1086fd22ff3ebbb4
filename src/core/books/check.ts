import type { BookConfig } from "./config.js";
import { heldOver, inMarketAt, isNewTerm, lastSurgeOf } from "./engine.js";
import type { BookPolicy } from "./policy.js";
import {
  type AccountState,
  type BookAccountInput,
  type BookInput,
  type BookState,
  CORE_EXIT_REASONS,
  POOL,
  type RefreshResult,
} from "./types.js";

const EXIT: ReadonlySet<string> = new Set(CORE_EXIT_REASONS);

/**
 * An independent check of one refresh (never the engine's bookkeeping): every invariant of the
 * book model, as a list of violations (empty when the refresh is valid).
 */
export function checkRefresh(
  input: BookInput,
  prev: BookState | null,
  c: BookConfig,
  policy: BookPolicy,
  r: RefreshResult,
): string[] {
  const out: string[] = [];
  const day = input.day;
  const byId = new Map<string, BookAccountInput>(input.accounts.map((a) => [a.id, a]));
  const prevOf = (id: string): AccountState => prev?.accounts.get(id) ?? POOL;
  const stateOf = (id: string): AccountState => r.state.accounts.get(id) ?? POOL;
  const reps = new Map(input.reps.map((x) => [x.id, x]));

  // Capacity, and one place per account.
  const where = new Map<string, string>();
  const put = (id: string, at: string) => {
    const was = where.get(id);
    if (was) out.push(`${id} is in ${was} and in ${at}`);
    where.set(id, at);
  };
  for (const b of r.books) {
    const rep = reps.get(b.repId);
    if (!rep) out.push(`book of unknown rep ${b.repId}`);
    if (b.core.length + b.rotating.length > b.capacity)
      out.push(
        `${b.repId}: ${b.core.length + b.rotating.length} accounts over capacity ${b.capacity}`,
      );
    if (b.queue.length > b.capacity)
      out.push(`${b.repId}: queue ${b.queue.length} over ${b.capacity}`);
    if (b.core.length > policy.coreSize(b.capacity, c))
      out.push(`${b.repId}: core ${b.core.length} over core size`);
    if (rep?.role === "bdr" && b.core.length + b.rotating.length > 0)
      out.push(`${b.repId}: a BDR holds a book`);
    if (rep?.role === "ae" && b.queue.length > 0) out.push(`${b.repId}: an AE holds a BDR queue`);
    for (const id of b.core) put(id, `core of ${b.repId}`);
    for (const id of b.rotating) put(id, `rotating tier of ${b.repId}`);
    for (const id of b.queue) put(id, `queue of ${b.repId}`);
  }
  // The lists agree with the states.
  for (const [id, s] of r.state.accounts) {
    const at = where.get(id);
    const expect =
      s.stage === "core"
        ? `core of ${s.ae}`
        : s.stage === "rotating"
          ? `rotating tier of ${s.ae}`
          : s.stage === "bdr"
            ? `queue of ${s.bdr}`
            : undefined;
    if (expect !== at) out.push(`${id}: state ${s.stage} but listed in ${at ?? "nothing"}`);
    if (!byId.has(id)) out.push(`${id}: state for an account that does not exist`);
  }
  for (const [id, at] of where)
    if (!r.state.accounts.has(id)) out.push(`${id} listed in ${at} without a state`);

  const newTerm = isNewTerm(input, prev, policy, c);
  const moved = new Map(r.transitions.map((t) => [t.accountId, t]));

  // The core changes only for a listed exit reason, and that reason holds.
  if (prev && !newTerm) {
    for (const [id, p] of prev.accounts) {
      if (p.stage !== "core") continue;
      const s = stateOf(id);
      if (s.stage === "core" && s.ae === p.ae) continue;
      const t = moved.get(id);
      const a = byId.get(id);
      if (!t) {
        out.push(`${id} left the core of ${p.ae} without a transition`);
        continue;
      }
      if (!EXIT.has(t.reason)) {
        out.push(`${id} left the core of ${p.ae} for ${t.reason}, not a listed exit reason`);
        continue;
      }
      const rep = p.ae === null ? undefined : reps.get(p.ae);
      const holds =
        t.reason === "dissolved"
          ? !a
          : t.reason === "rep_gone"
            ? rep?.role !== "ae"
            : !a
              ? false
              : t.reason === "patch_changed"
                ? a.patchOwner !== p.ae
                : t.reason === "out_of_icp"
                  ? !a.inIcp
                  : t.reason === "won_handoff"
                    ? c.handOffWon && a.lastWonNew !== null && a.lastWonNew > p.since
                    : t.reason === "lost_twice"
                      ? a.lostNew - p.lostBase >= 2
                      : t.reason === "capacity_reduced"
                        ? !!rep && policy.coreSize(rep.capacity, c) < countCore(prev, p.ae)
                        : false;
      if (!holds) out.push(`${id} left the core of ${p.ae} for ${t.reason}, which does not hold`);
      if (!policy.coreExits && !["dissolved", "rep_gone", "capacity_reduced"].includes(t.reason))
        out.push(`${id}: policy ${policy.name} has no core exits but ${t.reason} applied`);
    }
    // New core accounts only fill slots that were vacated (or are new).
    for (const b of r.books) {
      if (b.role !== "ae") continue;
      const entered = b.core.filter((id) => {
        const p = prevOf(id);
        return !(p.stage === "core" && p.ae === b.repId);
      }).length;
      const stayed = b.core.length - entered;
      if (entered > 0 && stayed + entered > policy.coreSize(b.capacity, c))
        out.push(`${b.repId}: core entries beyond its size`);
      const before = countCore(prev, b.repId);
      if (entered > 0 && stayed >= before && before >= policy.coreSize(b.capacity, c))
        out.push(`${b.repId}: ${entered} accounts entered a full core`);
    }
  }

  // Rotating tiers: holdover, cool-down, rotations per refresh.
  const entries = new Map<string, number>();
  for (const b of r.books) {
    for (const id of b.rotating) {
      const p = prevOf(id);
      if (p.stage === "rotating" && p.ae === b.repId) continue;
      entries.set(b.repId, (entries.get(b.repId) ?? 0) + 1);
      if (p.coolUntil !== null && p.coolUntil > day)
        out.push(`${id} rotated into ${b.repId} during its cool-down (until day ${p.coolUntil})`);
      if (!policy.rotating) out.push(`${id}: policy ${policy.name} does not rotate`);
    }
    if ((entries.get(b.repId) ?? 0) > c.maxRotationsPerRefresh)
      out.push(`${b.repId}: ${entries.get(b.repId)} rotations in one refresh`);
  }
  if (prev) {
    for (const [id, p] of prev.accounts) {
      if (p.stage !== "rotating") continue;
      const s = stateOf(id);
      if (s.stage === "rotating" && s.ae === p.ae) continue;
      if (s.stage === "core") continue;
      const a = byId.get(id);
      const t = moved.get(id);
      if (a && heldOver(a, day, c) && t?.reason === "stale")
        out.push(`${id} rotated out as stale although held over`);
      if (t?.reason === "stale" && a) {
        if (
          a.openOpportunity ||
          (a.lastEngagement !== null && day - a.lastEngagement <= c.staleDays)
        )
          out.push(`${id} rotated out as stale with recent engagement or an open opportunity`);
        if (c.coolDownDays > 0 && (s.coolUntil === null || s.coolUntil < day + c.coolDownDays))
          out.push(`${id} rotated out without a cool-down`);
      }
      if (a && t && !["stale", "capacity_reduced", "rep_gone", "dissolved"].includes(t.reason))
        out.push(`${id} left a rotating tier for ${t.reason}`);
    }
  }

  // BDR queues hold only in-market accounts; every in-market account is placed or reported.
  const reported = new Set(r.noCapacity);
  for (const a of input.accounts) {
    const ls = lastSurgeOf(a, prevOf(a.id), day, c);
    const inMarket = inMarketAt(ls, day, c);
    const s = stateOf(a.id);
    if (s.stage === "bdr" && !inMarket) out.push(`${a.id} in a BDR queue but not in market`);
    if (moved.get(a.id)?.reason === "in_market_to_ae" && (!inMarket || !c.inMarketToAe))
      out.push(`${a.id} went straight to an AE but is not in market or that is not configured`);
    if (inMarket && !where.has(a.id) && !reported.has(a.id))
      out.push(`${a.id} is in market but in no book, no queue, and not reported`);
  }
  return out;
}

/** Core accounts per AE in a state (counted once per state: a check over 1,000 AEs asks often). */
const coreCounts = new WeakMap<BookState, Map<string | null, number>>();
function countCore(state: BookState, ae: string | null): number {
  let counts = coreCounts.get(state);
  if (!counts) {
    counts = new Map();
    for (const s of state.accounts.values())
      if (s.stage === "core") counts.set(s.ae, (counts.get(s.ae) ?? 0) + 1);
    coreCounts.set(state, counts);
  }
  return counts.get(ae) ?? 0;
}
