import { MinHeap } from "../ctdp/heap.js";
import type { SearchContext } from "./context.js";
import { rematch, shares } from "./regions.js";

/** Most reps for which whole territories are re-matched to reps (the matching is cubic in p). */
const MATCH_LIMIT = 400;

/**
 * A connected, balanced start by recursive bisection over the unit graph (for many reps over many
 * areas, e.g. ZIP patches, where power-diagram weights struggle with densities that vary a
 * thousandfold): the reps of a part are split in two halves by home position along the part's
 * longer side, and the part is cut in the same proportion of load by growing one side from its
 * far end over the adjacency, nearest the end first (a sweep that stays connected); pockets the
 * cut leaves on the other side join the grown side, and the side is grown again for less while
 * they overshoot. The cut is tried from either end of the longer side, then of the shorter, until
 * one is within 1% of its share. Then whole territories are re-matched to reps by an optimal
 * assignment on their linear costs and load fit.
 */
export function bisectionStart(ctx: SearchContext): Int32Array {
  const { p } = ctx;
  const n = p.n;
  const { load, target } = shares(ctx);
  const assign = new Int32Array(n).fill(-1);
  const adj = p.adjacency;
  const offsets = adj?.offsets ?? new Int32Array(n + 1);
  const nbrs = adj?.neighbors ?? new Int32Array(0);
  // Stamp of the part a unit belongs to while it is being cut, and of the grown side.
  const part = new Int32Array(n).fill(-1);
  const side = new Int32Array(n).fill(-1);
  let stamp = 0;
  const heap = new MinHeap(1024);
  /**
   * Grow from the lowest unit of the part (stamped in `part`), lowest coordinate first, until the
   * grown side holds `want`; pieces of the rest apart from its heaviest join the grown side.
   */
  const cutPart = (
    units: Int32Array,
    order: Int32Array,
    coord: Float64Array,
    want: number,
  ): { low: number[]; high: number[]; load: number } => {
    const me = part[units[0] ?? 0] ?? -1;
    const grown = stamp++;
    let got = 0;
    let next = 0;
    heap.clear();
    let count = 0;
    while (count < units.length - 1) {
      let u = -1;
      while (heap.size > 0) {
        const v = heap.pop();
        if (side[v] !== grown) {
          u = v;
          break;
        }
      }
      if (u < 0) {
        // The part is not connected (or the frontier is spent): start again at the lowest unit left.
        while (next < order.length && side[order[next] ?? 0] === grown) next++;
        u = order[next] ?? -1;
        if (u < 0) break;
      }
      const l = load[u] ?? 0;
      if (count > 0 && got + l - want > want - got) break;
      side[u] = grown;
      got += l;
      count++;
      for (let j = offsets[u] ?? 0; j < (offsets[u + 1] ?? 0); j++) {
        const v = nbrs[j] ?? 0;
        if (part[v] === me && side[v] !== grown) heap.push(coord[v] ?? 0, v);
      }
      if (got >= want) break;
    }
    const piece = stamp++;
    const pieces: { units: number[]; load: number }[] = [];
    for (const s of units) {
      if (side[s] === grown || side[s] === piece) continue;
      const members: number[] = [];
      let pl = 0;
      const q = [s];
      side[s] = piece;
      while (q.length) {
        const u = q.pop() ?? 0;
        members.push(u);
        pl += load[u] ?? 0;
        for (let j = offsets[u] ?? 0; j < (offsets[u + 1] ?? 0); j++) {
          const v = nbrs[j] ?? 0;
          if (part[v] === me && side[v] !== grown && side[v] !== piece) {
            side[v] = piece;
            q.push(v);
          }
        }
      }
      pieces.push({ units: members, load: pl });
    }
    let main = -1;
    pieces.forEach((pc, i) => {
      if (main < 0 || pc.load > (pieces[main]?.load ?? 0)) main = i;
    });
    const low: number[] = [];
    for (const u of units) if (side[u] === grown) low.push(u);
    pieces.forEach((pc, i) => {
      if (i === main) return;
      for (const u of pc.units) low.push(u);
      got += pc.load;
    });
    return { low, high: pieces[main]?.units ?? [], load: got };
  };
  const stack: { units: Int32Array; reps: number[] }[] = [
    {
      units: Int32Array.from({ length: n }, (_, u) => u),
      reps: Array.from({ length: p.p }, (_, r) => r),
    },
  ];
  while (stack.length) {
    const { units, reps } = stack.pop() ?? { units: new Int32Array(0), reps: [] };
    if (reps.length === 0) continue;
    if (reps.length === 1 || units.length === 0) {
      for (const u of units) assign[u] = reps[0] ?? 0;
      continue;
    }
    // The longer side of the part's bounding box.
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    let total = 0;
    for (const u of units) {
      const x = p.x[u] ?? 0;
      const y = p.y[u] ?? 0;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      total += load[u] ?? 0;
    }
    const me = stamp++;
    for (const u of units) part[u] = me;
    // Cut across the longer side first, from either end; then across the shorter side.
    const wide = x1 - x0 >= y1 - y0;
    const ways: [Float64Array, Float64Array, number][] = [
      [wide ? p.x : p.y, wide ? p.homeX : p.homeY, 1],
      [wide ? p.x : p.y, wide ? p.homeX : p.homeY, -1],
      [wide ? p.y : p.x, wide ? p.homeY : p.homeX, 1],
      [wide ? p.y : p.x, wide ? p.homeY : p.homeX, -1],
    ];
    let best:
      | { low: number[]; high: number[]; load: number; want: number; reps: number[][] }
      | undefined;
    const error = (c: { load: number; want: number }) =>
      Math.abs(c.load - c.want) / Math.max(c.want, 1e-12);
    for (const [axis, homes, dir] of ways) {
      const coord = dir > 0 ? axis : Float64Array.from(axis, (v) => -v);
      const key = (r: number) => {
        const h = homes[r] ?? Number.NaN;
        return Number.isNaN(h) ? Number.POSITIVE_INFINITY : dir * h;
      };
      const sortedReps = reps.slice().sort((a, b) => key(a) - key(b) || a - b);
      const half = Math.floor(sortedReps.length / 2);
      const low = sortedReps.slice(0, half);
      const high = sortedReps.slice(half);
      let tLow = 0;
      let tAll = 0;
      for (const r of low) tLow += target[r] ?? 0;
      for (const r of sortedReps) tAll += target[r] ?? 0;
      const want = tAll > 0 ? (total * tLow) / tAll : (total * low.length) / reps.length;
      const order = units.slice().sort((a, b) => (coord[a] ?? 0) - (coord[b] ?? 0));
      // Pockets the cut leaves join the grown side, so grow again for less until the sides fit.
      let goal = want;
      for (let attempt = 0; attempt < 6; attempt++) {
        const cut = { ...cutPart(units, order, coord, goal), want, reps: [low, high] };
        if (!best || error(cut) < error(best)) best = cut;
        if (error(cut) <= 0.01) break;
        goal -= cut.load - want;
        if (goal <= 0) break;
      }
      if (best && error(best) <= 0.01) break;
    }
    const [low = [], high = []] = best?.reps ?? [];
    stack.push({ units: Int32Array.from(best?.low ?? []), reps: low });
    stack.push({ units: Int32Array.from(best?.high ?? []), reps: high });
  }
  for (let u = 0; u < n; u++) {
    const r = assign[u] ?? -1;
    if (r < 0 || !ctx.allows(u, r)) assign[u] = ctx.cands.cand[ctx.cands.start[u] ?? 0] ?? 0;
  }
  return p.p <= MATCH_LIMIT ? rematch(ctx, assign) : assign;
}
