import { combinedLoad, construct } from "./construct.js";
import type { CtdpInstance } from "./instance.js";
import { Partition } from "./partition.js";
import { mergeSplit } from "./recombine.js";
import { Rng } from "./rng.js";
import { type SearchParams, thresholdSearch } from "./search.js";

/** Options of one multistart run. */
export interface SolveOptions {
  /** Wall-clock budget in milliseconds. */
  readonly timeLimitMs: number;
  /** Clock in milliseconds (performance.now in Node and browsers). */
  readonly now: () => number;
  readonly seed?: number;
  /** Called on each new best (balance excess, diameter, elapsed ms). */
  readonly onImprove?: (best: CtdpSolution) => void;
  /** Override of the derived search parameters (for experiments). */
  readonly params?: Partial<SearchParams>;
}

/** The best solution found, with its objective as the solver's own bookkeeping sees it. */
export interface CtdpSolution {
  readonly assignment: Int32Array;
  readonly balanceExcess: number;
  readonly diameter: number;
  /** Milliseconds from the start until this solution was found. */
  readonly timeToBestMs: number;
  /** Search starts (fresh constructions and kicks of the best) made, summed over workers. */
  readonly starts: number;
}

/** Search parameters as a function of n, p and the time limit only. */
export function defaultParams(n: number, p: number): SearchParams {
  const size = n / p;
  return {
    tenureMin: 5,
    tenureRand: Math.max(5, Math.round(Math.sqrt(size))),
    // Short stalls and big kicks: on the benchmark sizes many short searches beat a few long ones.
    maxStall: 800,
    shrink: 1e-4,
    balanceScan: 8,
    maxPath: 12,
    aimGlobal: false,
    perturb: Math.max(3, Math.round(size / 2)),
    mergeShare: 0.5,
    progress: 0.05,
  };
}

/** The territory a kick starts from: the widest one or, half of the time, a random one. */
function pickKicked(part: Partition, rng: Rng): number {
  if (rng.next() < 0.5) return rng.int(part.p);
  let k0 = 0;
  for (let k = 1; k < part.p; k++) if ((part.diam[k] ?? 0) > (part.diam[k0] ?? 0)) k0 = k;
  return k0;
}

/**
 * Perturb a solution around its widest territory: random connectivity-keeping boundary moves of
 * units of that territory and its neighbours (the kick of an iterated local search).
 */
function shake(part: Partition, rng: Rng, moves: number): void {
  const { adj, adjStart } = part.inst;
  const k0 = pickKicked(part, rng);
  const region = new Set([k0]);
  for (const u of part.members[k0] ?? []) {
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++)
      region.add(part.assign[adj[j] ?? 0] ?? 0);
  }
  const ks = [...region];
  for (let t = 0; t < moves * 4 && moves > 0; t++) {
    const list = part.members[ks[rng.int(ks.length)] ?? 0] ?? [];
    const u = list[rng.int(list.length)] ?? 0;
    const s = adjStart[u] ?? 0;
    const deg = (adjStart[u + 1] ?? 0) - s;
    const b = part.assign[adj[s + rng.int(deg)] ?? 0] ?? 0;
    if (b === part.assign[u] || !part.canRemove(u)) continue;
    part.move(u, b);
    moves--;
  }
}

/** Multistart threshold tabu search for the CTDP; anytime: returns the best found by the deadline. */
export function solveCtdp(inst: CtdpInstance, opts: SolveOptions): CtdpSolution {
  const start = opts.now();
  const deadline = start + opts.timeLimitMs;
  const rng = new Rng(opts.seed ?? 1);
  const load = combinedLoad(inst);
  const params = { ...defaultParams(inst.n, inst.p), ...opts.params };
  let best: CtdpSolution | undefined;
  let starts = 0;
  const record = (part: Partition): void => {
    const B = part.totalExcess();
    const D = part.maxDiam();
    if (best && (B > best.balanceExcess || (B === best.balanceExcess && D >= best.diameter)))
      return;
    best = {
      assignment: part.assign.slice(),
      balanceExcess: B,
      diameter: D,
      timeToBestMs: opts.now() - start,
      starts,
    };
    opts.onImprove?.(best);
  };
  const ctx = {
    rng,
    now: opts.now,
    deadline,
    bestDiameter: Number.POSITIVE_INFINITY,
    onFeasible: record,
  };
  do {
    starts++;
    const fromBest =
      params.perturb > 0 && best !== undefined && best.balanceExcess === 0 && starts % 2 === 0;
    let part = new Partition(
      inst,
      best && fromBest
        ? best.assignment
        : construct(inst, load, rng, 100, () => opts.now() >= deadline),
    );
    if (fromBest) {
      if (rng.next() < params.mergeShare) {
        const assign = part.assign.slice();
        if (mergeSplit(inst, assign, load, rng, pickKicked(part, rng)))
          part = new Partition(inst, assign);
      } else shake(part, rng, params.perturb);
    }
    if (!best) record(part);
    thresholdSearch(part, fromBest ? { ...params, aimGlobal: true } : params, ctx);
    if (best && best.balanceExcess > 0) record(part);
  } while (opts.now() < deadline);
  if (!best) throw new Error("unreachable: no solution recorded");
  return { ...best, starts };
}
