import type { SearchContext } from "./context.js";
import { slotCost } from "./context.js";

/** Units of rep a that may go to rep b, for every pair (a, b) seen in the candidate lists (CSR by pair id). */
interface BoundaryLists {
  readonly pairId: Map<number, number>;
  readonly start: Int32Array;
  readonly units: Int32Array;
  /** Out-neighbours (reps reachable by moving one unit) and in-neighbours per rep. */
  readonly out: number[][];
  readonly into: number[][];
}

/** Edges of a minimum spanning tree over the rep homes (Prim, O(p^2)): keeps the rep graph connected. */
function homeTree(ctx: SearchContext): [number, number][] {
  const { xs, ys } = ctx.cands.reps;
  const n = xs.length;
  const inTree = new Uint8Array(n);
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(n).fill(-1);
  const edges: [number, number][] = [];
  dist[0] = 0;
  for (let it = 0; it < n; it++) {
    let v = -1;
    for (let i = 0; i < n; i++) if (!inTree[i] && (v < 0 || (dist[i] ?? 0) < (dist[v] ?? 0))) v = i;
    if (v < 0) break;
    inTree[v] = 1;
    if ((via[v] ?? -1) >= 0) edges.push([via[v] ?? 0, v]);
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue;
      const d = Math.hypot((xs[i] ?? 0) - (xs[v] ?? 0), (ys[i] ?? 0) - (ys[v] ?? 0));
      if (d < (dist[i] ?? 0)) {
        dist[i] = d;
        via[i] = v;
      }
    }
  }
  return edges;
}

function boundary(
  ctx: SearchContext,
  assign: Int32Array,
  tree: readonly [number, number][],
  scan: number,
): BoundaryLists {
  const { p } = ctx;
  const { start, cand } = ctx.cands;
  const pairId = new Map<number, number>();
  const counts: number[] = [];
  const out: number[][] = Array.from({ length: p.p }, () => []);
  const into: number[][] = Array.from({ length: p.p }, () => []);
  for (let u = 0; u < p.n; u++) {
    const a = assign[u] ?? 0;
    for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++) {
      const b = cand[j] ?? 0;
      if (b === a) continue;
      const key = a * p.p + b;
      let id = pairId.get(key);
      if (id === undefined) {
        id = counts.length;
        pairId.set(key, id);
        counts.push(0);
        out[a]?.push(b);
        into[b]?.push(a);
      }
      counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  // Tree pairs the candidate lists miss: the units of a nearest b's home, found in a's book.
  const extra = new Map<number, number[]>();
  const missing = tree
    .flatMap(([a, b]) => [
      [a, b],
      [b, a],
    ])
    .filter(([a, b]) => !pairId.has((a ?? 0) * p.p + (b ?? 0)));
  if (missing.length) {
    const books: number[][] = Array.from({ length: p.p }, () => []);
    for (let u = 0; u < p.n; u++) books[assign[u] ?? 0]?.push(u);
    const { xs, ys } = ctx.cands.reps;
    for (const [a = 0, b = 0] of missing) {
      const bx = xs[b] ?? 0;
      const by = ys[b] ?? 0;
      const near = (books[a] ?? [])
        .filter((u) => ctx.allows(u, b))
        .map((u) => ({ u, d: Math.hypot((ctx.p.x[u] ?? 0) - bx, (ctx.p.y[u] ?? 0) - by) }))
        .sort((q, r) => q.d - r.d)
        .slice(0, scan)
        .map((q) => q.u);
      if (!near.length) continue;
      const id = counts.length;
      pairId.set(a * p.p + b, id);
      counts.push(near.length);
      out[a]?.push(b);
      into[b]?.push(a);
      extra.set(id, near);
    }
  }
  const ps = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) ps[i + 1] = (ps[i] ?? 0) + (counts[i] ?? 0);
  const fill = ps.slice(0, counts.length);
  const units = new Int32Array(ps[counts.length] ?? 0);
  for (let u = 0; u < p.n; u++) {
    const a = assign[u] ?? 0;
    for (let j = start[u] ?? 0; j < (start[u + 1] ?? 0); j++) {
      const b = cand[j] ?? 0;
      if (b === a) continue;
      const id = pairId.get(a * p.p + b) ?? 0;
      units[fill[id] ?? 0] = u;
      fill[id] = (fill[id] ?? 0) + 1;
    }
  }
  for (const [id, list] of extra) units.set(list, fill[id] ?? 0);
  return { pairId, start: ps, units, out, into };
}

/** Change of the search cost when unit u moves from a to b, with current loads. */
function moveDelta(
  ctx: SearchContext,
  loads: Float64Array,
  u: number,
  a: number,
  b: number,
): number {
  const { mA, wA, curves } = ctx;
  let d = slotCost(ctx, u, b) - slotCost(ctx, u, a);
  for (let k = 0; k < mA; k++) {
    const w = wA[u * mA + k] ?? 0;
    const ia = a * mA + k;
    const ib = b * mA + k;
    d += curves.value(ia, (loads[ia] ?? 0) - w) - curves.value(ia, loads[ia] ?? 0);
    d += curves.value(ib, (loads[ib] ?? 0) + w) - curves.value(ib, loads[ib] ?? 0);
  }
  return d;
}

function applyMove(
  ctx: SearchContext,
  assign: Int32Array,
  loads: Float64Array,
  u: number,
  a: number,
  b: number,
): void {
  const { mA, wA } = ctx;
  assign[u] = b;
  for (const g of ctx.guards) g.moved?.(u, a, b, assign);
  for (let k = 0; k < mA; k++) {
    const w = wA[u * mA + k] ?? 0;
    loads[a * mA + k] = (loads[a * mA + k] ?? 0) - w;
    loads[b * mA + k] = (loads[b * mA + k] ?? 0) + w;
  }
}

/** 1 when one of rep r's loads is above its hard limit, -1 when one is below (and none above), else 0. */
export function repViolation(ctx: SearchContext, loads: Float64Array, r: number): number {
  const { mA, curves } = ctx;
  let v = 0;
  for (let k = 0; k < mA; k++) {
    const i = r * mA + k;
    const l = loads[i] ?? 0;
    if (l > (curves.hi[i] ?? 0) * (1 + 1e-12)) return 1;
    if (l < (curves.lo[i] ?? 0) * (1 - 1e-12)) v = -1;
  }
  return v;
}

/** Shortest rep path (fewest hops) from `from` along `next` edges to a rep accepted by `goal`. */
function bfs(from: number, next: number[][], goal: (r: number) => boolean): number[] | undefined {
  const prev = new Map<number, number>([[from, -1]]);
  let frontier = [from];
  while (frontier.length) {
    const nf: number[] = [];
    for (const r of frontier) {
      for (const s of next[r] ?? []) {
        if (prev.has(s)) continue;
        prev.set(s, r);
        if (goal(s)) {
          const path = [s];
          for (let q = r; q >= 0; q = prev.get(q) ?? -1) path.push(q);
          return path.reverse();
        }
        nf.push(s);
      }
    }
    frontier = nf;
  }
  return undefined;
}

/**
 * Ejection chains for hard-limit violations the relocation search cannot fix because every
 * neighbour is full: move one unit along a shortest path of reps from a rep over its limits to
 * one with room (or from a rep with room to one under its limits), each hop picking the unit
 * that costs least given the previous hops. A chain is kept only when the total cost drops.
 */
export function chainRepair(
  ctx: SearchContext,
  assign: Int32Array,
  loads: Float64Array,
  opts: { deadline: number; scan?: number },
): { chains: number; rounds: number } {
  const { p, mA, curves, guards } = ctx;
  for (const g of guards) g.sync?.(assign);
  const scan = opts.scan ?? 200;
  let chains = 0;
  let rounds = 0;
  const tree = homeTree(ctx);
  const hasRoom = (r: number) => {
    for (let k = 0; k < mA; k++) {
      const i = r * mA + k;
      if ((loads[i] ?? 0) >= ((curves.lo[i] ?? 0) + (curves.hi[i] ?? 0)) / 2) return false;
    }
    return true;
  };
  const isFull = (r: number) => {
    for (let k = 0; k < mA; k++) {
      const i = r * mA + k;
      if ((loads[i] ?? 0) <= ((curves.lo[i] ?? 0) + (curves.hi[i] ?? 0)) / 2) return false;
    }
    return true;
  };
  for (;;) {
    if (Date.now() > opts.deadline) break;
    rounds++;
    const lists = boundary(ctx, assign, tree, scan);
    let kept = 0;
    for (let r = 0; r < p.p && Date.now() <= opts.deadline; r++) {
      if (repViolation(ctx, loads, r) === 0) continue;
      // Reuse a path while its chains keep paying; look for a new one when it stops.
      let path: number[] | undefined;
      let fresh = false;
      for (let attempt = 0; attempt < 20000; attempt++) {
        if ((attempt & 63) === 0 && Date.now() > opts.deadline) break;
        const now = repViolation(ctx, loads, r);
        if (now === 0) break;
        if (!path) {
          path =
            now > 0
              ? bfs(r, lists.out, (s) => repViolation(ctx, loads, s) < 0 || hasRoom(s))
              : bfs(r, lists.into, (s) => repViolation(ctx, loads, s) > 0 || isFull(s))?.reverse();
          fresh = true;
          if (!path || path.length < 2) break;
        }
        const done: [number, number, number][] = [];
        let total = 0;
        let ok = true;
        for (let h = 0; h + 1 < path.length; h++) {
          const a = path[h] ?? 0;
          const b = path[h + 1] ?? 0;
          const id = lists.pairId.get(a * p.p + b);
          if (id === undefined) {
            ok = false;
            break;
          }
          const s0 = lists.start[id] ?? 0;
          const s1 = lists.start[id + 1] ?? 0;
          let best = -1;
          let bestD = Number.POSITIVE_INFINITY;
          const len = s1 - s0;
          const offset = len > scan ? (chains * 7919 + h * 104729) % len : 0;
          for (let t = 0, seen = 0; t < len && seen < scan; t++) {
            const u = lists.units[s0 + ((offset + t) % len)] ?? 0;
            if (assign[u] !== a) continue;
            seen++;
            const d = moveDelta(ctx, loads, u, a, b);
            if (d < bestD && guards.every((g) => g.canMove(u, a, b, assign))) {
              bestD = d;
              best = u;
            }
          }
          if (best < 0) {
            ok = false;
            break;
          }
          applyMove(ctx, assign, loads, best, a, b);
          done.push([best, a, b]);
          total += bestD;
        }
        if (!ok || total >= -1e-12) {
          for (let i = done.length - 1; i >= 0; i--) {
            const [u, a, b] = done[i] ?? [0, 0, 0];
            applyMove(ctx, assign, loads, u, b, a);
          }
          if (fresh) break;
          path = undefined;
          continue;
        }
        fresh = false;
        chains++;
        kept++;
      }
    }
    if (kept === 0) break;
  }
  return { chains, rounds };
}
