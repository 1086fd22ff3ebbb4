import type { Partition } from "./partition.js";
import type { Rng } from "./rng.js";

/** Knobs of the threshold tabu search (derived from n, p and the time limit only). */
export interface SearchParams {
  readonly tenureMin: number;
  readonly tenureRand: number;
  /** Iterations without a new best before the search gives up on this start. */
  readonly maxStall: number;
  /** After a feasible solution of diameter D, the next target is D * (1 - shrink). */
  readonly shrink: number;
  /** Most balance-violating territories whose boundary moves are scanned per iteration. */
  readonly balanceScan: number;
  /** Longest chain of units moved together to free an interior far endpoint. */
  readonly maxPath: number;
  /** Aim below the best diameter of all starts (true) or of this start only (false). */
  readonly aimGlobal: boolean;
  /** Relative penalty decrease that restarts the stall clock (progress towards feasibility). */
  readonly progress: number;
  /** Kick size (unit moves) of the iterated-local-search restarts from the best; 0 disables them. */
  readonly perturb: number;
  /** Share of kicks that re-split a territory and a neighbour instead of moving random units. */
  readonly mergeShare: number;
}

/** Where the search reports progress and reads the clock. */
export interface SearchContext {
  readonly rng: Rng;
  readonly now: () => number;
  readonly deadline: number;
  /** Best feasible diameter known so far (Infinity if none): the search aims below it. */
  bestDiameter: number;
  /** Called with the partition whenever it is balanced with a diameter below bestDiameter. */
  onFeasible(part: Partition): void;
}

/**
 * Threshold tabu search: with target T, minimise lambda * B + sum_k max(0, diam_k - T) / T by
 * single-unit boundary moves that keep territories connected. Moves either push an endpoint of a
 * too-long farthest pair into a neighbouring territory or repair the balance of a violating
 * territory. Each time the solution becomes balanced with every diameter <= T, it is reported and
 * T shrinks below it. Tabu: a moved unit stays put for a random tenure unless the move reaches a
 * new best penalty (aspiration). Returns when it stalls or the deadline passes.
 */
export function thresholdSearch(part: Partition, params: SearchParams, ctx: SearchContext): void {
  const { n, p, assign, members, excess, diam, farA, farB } = part;
  const { adj, adjStart } = part.inst;
  const { rng } = ctx;
  const tabu = new Int32Array(n);
  let ownBest = Number.POSITIVE_INFINITY;
  let T =
    (params.aimGlobal ? Math.min(ctx.bestDiameter, part.maxDiam()) : part.maxDiam()) *
    (1 - params.shrink);
  let lambda = 1;
  let iter = 0;
  let lastBest = 0;
  let bestPhi = Number.POSITIVE_INFINITY;
  // Penalty level that counts as progress: the stall clock also restarts whenever the penalty
  // drops clearly below it, so a start with many territories to repair is not cut short.
  let progressPhi = Number.POSITIVE_INFINITY;
  const pen = (d: number): number => (d > T ? (d - T) / T : 0);
  const violB: number[] = [];
  const violD: number[] = [];
  const removable = new Int8Array(n); // 0 unknown, 1 yes, -1 no (valid within one iteration)
  const touched: number[] = [];

  let candU = -1;
  let candB = -1;
  let candDelta = Number.POSITIVE_INFINITY;
  let candIsPath = false;
  const candPath: number[] = [];
  const path: number[] = [];
  let ties = 0;
  let ignoreTabu = false;
  let phi = 0;

  const consider = (u: number, b: number): void => {
    const a = assign[u] ?? 0;
    const dB =
      part.excessOf(b, u, 1) - (excess[b] ?? 0) + part.excessOf(a, u, -1) - (excess[a] ?? 0);
    const penA = pen(diam[a] ?? 0);
    if (lambda * dB - penA > candDelta + 1e-12) return;
    const da = part.diamAfterRemove(u);
    const db = part.diamAfterAdd(u, b);
    const delta = lambda * dB + pen(da) - penA + pen(db) - pen(diam[b] ?? 0);
    if (delta > candDelta + 1e-12) return;
    if (!ignoreTabu && (tabu[u] ?? 0) > iter && !(phi + delta < bestPhi - 1e-12)) return;
    let r = removable[u] ?? 0;
    if (r === 0) {
      r = part.canRemove(u) ? 1 : -1;
      removable[u] = r;
      touched.push(u);
    }
    if (r < 0) return;
    offer(delta, u, b, false);
  };

  const offer = (delta: number, u: number, b: number, isPath: boolean): void => {
    if (delta < candDelta - 1e-12) {
      candDelta = delta;
      ties = 1;
    } else if (rng.int(++ties) !== 0) return;
    candU = u;
    candB = b;
    candIsPath = isPath;
    if (isPath) {
      candPath.length = 0;
      for (const v of path) candPath.push(v);
    }
  };

  /** Current penalty, recomputed from the territories (used to price compound moves). */
  const penalty = (): number => {
    let B = 0;
    let E = 0;
    for (let k = 0; k < p; k++) {
      B += excess[k] ?? 0;
      E += pen(diam[k] ?? 0);
    }
    return lambda * B + E;
  };

  /**
   * Far endpoint u has no neighbour outside its territory: find the nearest (Euclidean along
   * edges) unit of the territory that has one, and price moving the whole path there.
   */
  const pathMove = (u: number): void => {
    const k = assign[u] ?? 0;
    const found = part.pathToBoundary(u, params.maxPath, path);
    if (found < 0) return;
    const before = phi;
    let applied = 0;
    for (let i = path.length - 1; i >= 0; i--) {
      const v = path[i] ?? 0;
      if (!part.canRemove(v)) break;
      part.move(v, found);
      applied++;
    }
    const delta = applied === path.length ? penalty() - before : Number.POSITIVE_INFINITY;
    for (let i = path.length - applied; i < path.length; i++) part.move(path[i] ?? 0, k);
    if (delta === Number.POSITIVE_INFINITY || delta > candDelta + 1e-12) return;
    if (!ignoreTabu && (tabu[u] ?? 0) > iter && !(phi + delta < bestPhi - 1e-12)) return;
    offer(delta, u, found, true);
  };

  const neighbourMoves = (u: number): void => {
    const a = assign[u] ?? 0;
    let last = -1;
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
      const b = assign[adj[j] ?? 0] ?? 0;
      if (b !== a && b !== last) {
        consider(u, b);
        last = b;
      }
    }
    if (last < 0) pathMove(u);
  };

  for (;;) {
    if ((iter & 31) === 0 && ctx.now() >= ctx.deadline) return;
    iter++;
    violB.length = 0;
    violD.length = 0;
    let B = 0;
    let E = 0;
    for (let k = 0; k < p; k++) {
      const e = excess[k] ?? 0;
      if (e > 0) {
        violB.push(k);
        B += e;
      }
      const d = diam[k] ?? 0;
      if (d > T) {
        violD.push(k);
        E += (d - T) / T;
      }
    }
    if (violB.length === 0 && violD.length === 0) {
      const D = part.maxDiam();
      if (D < ctx.bestDiameter) {
        ctx.bestDiameter = D;
        ctx.onFeasible(part);
      }
      ownBest = Math.min(ownBest, D);
      T = (params.aimGlobal ? Math.min(ownBest, ctx.bestDiameter) : ownBest) * (1 - params.shrink);
      lastBest = iter;
      bestPhi = Number.POSITIVE_INFINITY;
      progressPhi = Number.POSITIVE_INFINITY;
      continue;
    }
    phi = lambda * B + E;
    if (phi < bestPhi - 1e-12) bestPhi = phi;
    if (phi < progressPhi * (1 - params.progress)) {
      progressPhi = phi;
      lastBest = iter;
    }
    if (iter - lastBest > params.maxStall) return;

    candU = -1;
    candB = -1;
    candDelta = Number.POSITIVE_INFINITY;
    ties = 0;
    for (const k of violD) {
      const fa = farA[k] ?? -1;
      const fb = farB[k] ?? -1;
      if (fa >= 0) neighbourMoves(fa);
      if (fb >= 0 && fb !== fa) neighbourMoves(fb);
    }
    // Balance repair: scan a random subset of the violating territories, moving units in or out.
    let scan = violB.length;
    if (scan > params.balanceScan) {
      for (let i = 0; i < params.balanceScan; i++) {
        const j = i + rng.int(violB.length - i);
        const t = violB[i] ?? 0;
        violB[i] = violB[j] ?? 0;
        violB[j] = t;
      }
      scan = params.balanceScan;
    }
    for (let i = 0; i < scan; i++) {
      const k = violB[i] ?? 0;
      const dir = part.imbalanceDirection(k);
      for (const u of members[k] ?? []) {
        let last = -1;
        for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
          const v = adj[j] ?? 0;
          const b = assign[v] ?? 0;
          if (b === k) continue;
          if (dir & 1 && b !== last) consider(u, b);
          last = b;
          if (dir & 2) consider(v, k);
        }
      }
    }
    for (const u of touched) removable[u] = 0;
    touched.length = 0;
    if (candU < 0 && !ignoreTabu) {
      // Every useful move is tabu: take the best of them rather than stopping.
      ignoreTabu = true;
      iter--;
      continue;
    }
    ignoreTabu = false;
    if (candU < 0) return;
    const tenure = params.tenureMin + rng.int(params.tenureRand + 1);
    if (candIsPath) {
      for (let i = candPath.length - 1; i >= 0; i--) {
        const v = candPath[i] ?? 0;
        part.move(v, candB);
        tabu[v] = iter + tenure;
      }
    } else {
      part.move(candU, candB);
      tabu[candU] = iter + tenure;
    }
    if (B > 0) lambda = Math.min(100, lambda * 1.01);
    else lambda = Math.max(0.05, lambda * 0.99);
    if ((iter & 4095) === 0) part.refreshSums();
  }
}
