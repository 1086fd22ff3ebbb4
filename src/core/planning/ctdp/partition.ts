import { convexHull, farthestPair, hullWithout, insideHull } from "./geometry.js";
import { MinHeap } from "./heap.js";
import { type CtdpInstance, MEASURES } from "./instance.js";

/** Module-local copy: some loaders turn imported constants into getters, too slow in hot loops. */
const M = MEASURES;

/** Safety margin on the tolerance so that float noise never makes a "balanced" solution fail a recount. */
const TAU_MARGIN = 1e-9;

/**
 * A complete partition with incremental bookkeeping for the local search: members, activity
 * sums, balance excess, convex hull and farthest pair per territory, cheap connectivity tests.
 */
export class Partition {
  readonly n: number;
  readonly p: number;
  readonly assign: Int32Array;
  readonly members: number[][];
  /** Index of each unit in its territory's member list. */
  readonly pos: Int32Array;
  /** Activity sums, territory-major. */
  readonly wsum: Float64Array;
  /** Balance excess of each territory. */
  readonly excess: Float64Array;
  readonly hulls: number[][];
  readonly onHull: Uint8Array;
  readonly diam: Float64Array;
  readonly farA: Int32Array;
  readonly farB: Int32Array;
  /** Bumped on every change of a territory; keys the caches below. */
  readonly version: Int32Array;
  private readonly cacheVersion: Int32Array;
  private readonly cacheWithoutA: Float64Array;
  private readonly cacheWithoutB: Float64Array;
  private readonly tau: Float64Array;
  private readonly stamp: Int32Array;
  private stampValue = 0;
  private readonly queue: Int32Array;
  private readonly heap = new MinHeap(256);
  private readonly dist: Float64Array;
  private readonly parent: Int32Array;
  private readonly hops: Int32Array;

  constructor(
    readonly inst: CtdpInstance,
    assignment: ArrayLike<number>,
  ) {
    const { n, p } = inst;
    this.n = n;
    this.p = p;
    this.assign = Int32Array.from(assignment);
    this.members = Array.from({ length: p }, () => []);
    this.pos = new Int32Array(n);
    this.wsum = new Float64Array(p * M);
    this.excess = new Float64Array(p);
    this.hulls = Array.from({ length: p }, () => []);
    this.onHull = new Uint8Array(n);
    this.diam = new Float64Array(p);
    this.farA = new Int32Array(p).fill(-1);
    this.farB = new Int32Array(p).fill(-1);
    this.version = new Int32Array(p);
    this.cacheVersion = new Int32Array(p).fill(-1);
    this.cacheWithoutA = new Float64Array(p);
    this.cacheWithoutB = new Float64Array(p);
    this.tau = new Float64Array(M);
    for (let a = 0; a < M; a++) this.tau[a] = (inst.tau[a] ?? 0) - TAU_MARGIN;
    this.stamp = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.dist = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.hops = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      const k = this.assign[u] ?? 0;
      const list = this.members[k];
      if (!list) throw new Error(`unit ${u} has territory ${k}, outside 0..${p - 1}`);
      this.pos[u] = list.length;
      list.push(u);
      for (let a = 0; a < M; a++)
        this.wsum[k * M + a] = (this.wsum[k * M + a] ?? 0) + (inst.w[u * M + a] ?? 0);
    }
    for (let k = 0; k < p; k++) {
      this.excess[k] = this.excessOf(k, -1, 0);
      this.rebuildHull(k);
    }
  }

  /** Recompute activity sums from scratch (removes float drift after many moves). */
  refreshSums(): void {
    this.wsum.fill(0);
    const w = this.inst.w;
    for (let u = 0; u < this.n; u++) {
      const k = this.assign[u] ?? 0;
      for (let a = 0; a < M; a++) {
        this.wsum[k * M + a] = (this.wsum[k * M + a] ?? 0) + (w[u * M + a] ?? 0);
      }
    }
    for (let k = 0; k < this.p; k++) this.excess[k] = this.excessOf(k, -1, 0);
  }

  /** Balance excess of territory k if unit u were added (sign 1) or removed (sign -1); u = -1 for as is. */
  excessOf(k: number, u: number, sign: number): number {
    const mu = this.inst.mu;
    const w = this.inst.w;
    const ws = this.wsum;
    const tau = this.tau;
    let s0 = ws[k * 3] ?? 0;
    let s1 = ws[k * 3 + 1] ?? 0;
    let s2 = ws[k * 3 + 2] ?? 0;
    if (u >= 0) {
      s0 += sign * (w[u * 3] ?? 0);
      s1 += sign * (w[u * 3 + 1] ?? 0);
      s2 += sign * (w[u * 3 + 2] ?? 0);
    }
    const m0 = mu[0] ?? 1;
    const m1 = mu[1] ?? 1;
    const m2 = mu[2] ?? 1;
    const d0 = Math.abs(s0 - m0) / m0 - (tau[0] ?? 0);
    const d1 = Math.abs(s1 - m1) / m1 - (tau[1] ?? 0);
    const d2 = Math.abs(s2 - m2) / m2 - (tau[2] ?? 0);
    return Math.max(d0, 0) + Math.max(d1, 0) + Math.max(d2, 0);
  }

  /** Bit 1: territory k is above its upper tolerance in some measure; bit 2: below the lower one. */
  imbalanceDirection(k: number): number {
    const mu = this.inst.mu;
    let dir = 0;
    for (let a = 0; a < M; a++) {
      const m = mu[a] ?? 1;
      const dev = ((this.wsum[k * M + a] ?? 0) - m) / m;
      const t = this.tau[a] ?? 0;
      if (dev > t) dir |= 1;
      else if (dev < -t) dir |= 2;
    }
    return dir;
  }

  /**
   * Shortest path (Euclidean edge lengths) from u inside its territory to the nearest unit with a
   * neighbour in another territory, at most maxLen units. Fills `out` with the path from u
   * (inclusive) to that unit (inclusive) and returns the other territory, or -1 if none is near.
   */
  pathToBoundary(u: number, maxLen: number, out: number[]): number {
    const k = this.assign[u] ?? 0;
    const { adj, adjStart, x, y } = this.inst;
    const assign = this.assign;
    const stamp = ++this.stampValue;
    const seen = this.stamp;
    const heap = this.heap;
    heap.clear();
    this.dist[u] = 0;
    this.parent[u] = -1;
    this.hops[u] = 1;
    seen[u] = stamp;
    heap.push(0, u);
    while (heap.size > 0) {
      const d = heap.peekKey() ?? 0;
      const v = heap.pop();
      if (d > (this.dist[v] ?? 0)) continue;
      let foreign = -1;
      for (let j = adjStart[v] ?? 0; j < (adjStart[v + 1] ?? 0); j++) {
        const z = assign[adj[j] ?? 0] ?? 0;
        if (z !== k) {
          foreign = z;
          break;
        }
      }
      if (foreign >= 0) {
        out.length = 0;
        for (let c = v; c >= 0; c = this.parent[c] ?? -1) out.push(c);
        out.reverse();
        return foreign;
      }
      if ((this.hops[v] ?? 0) >= maxLen) continue;
      for (let j = adjStart[v] ?? 0; j < (adjStart[v + 1] ?? 0); j++) {
        const z = adj[j] ?? 0;
        if (assign[z] !== k) continue;
        const dx = (x[z] ?? 0) - (x[v] ?? 0);
        const dy = (y[z] ?? 0) - (y[v] ?? 0);
        const nd = d + Math.sqrt(dx * dx + dy * dy);
        if (seen[z] === stamp && nd >= (this.dist[z] ?? 0)) continue;
        seen[z] = stamp;
        this.dist[z] = nd;
        this.parent[z] = v;
        this.hops[z] = (this.hops[v] ?? 0) + 1;
        heap.push(nd, z);
      }
    }
    return -1;
  }

  /** Total balance excess. */
  totalExcess(): number {
    let s = 0;
    for (let k = 0; k < this.p; k++) s += this.excess[k] ?? 0;
    return s;
  }

  /** Largest territory diameter. */
  maxDiam(): number {
    let d = 0;
    for (let k = 0; k < this.p; k++) if ((this.diam[k] ?? 0) > d) d = this.diam[k] ?? 0;
    return d;
  }

  /** Can u leave its territory without emptying or disconnecting it? A local ring test first, then a BFS. */
  canRemove(u: number): boolean {
    const a = this.assign[u] ?? 0;
    if ((this.members[a]?.length ?? 0) <= 1) return false;
    const { adj, adjStart, ringLink } = this.inst;
    const assign = this.assign;
    const s = adjStart[u] ?? 0;
    const e = adjStart[u + 1] ?? 0;
    let count = 0;
    let runs = 0;
    let first = -1;
    for (let k = s; k < e; k++) {
      const v = adj[k] ?? 0;
      if (assign[v] !== a) continue;
      if (first < 0) first = v;
      count++;
      const pk = k === s ? e - 1 : k - 1;
      if (!(assign[adj[pk] ?? 0] === a && ringLink[pk])) runs++;
    }
    if (count === 0) return false;
    if (runs <= 1) return true;
    // BFS inside the territory without u, until every neighbour of u in it is reached.
    const stamp = ++this.stampValue;
    const seen = this.stamp;
    for (let k = s; k < e; k++) if (assign[adj[k] ?? 0] === a) seen[adj[k] ?? 0] = -stamp;
    seen[u] = stamp;
    const q = this.queue;
    let head = 0;
    let tail = 0;
    q[tail++] = first;
    seen[first] = stamp;
    let found = 1;
    while (head < tail) {
      const v = q[head++] ?? 0;
      for (let k = adjStart[v] ?? 0; k < (adjStart[v + 1] ?? 0); k++) {
        const z = adj[k] ?? 0;
        if (assign[z] !== a) continue;
        const st = seen[z] ?? 0;
        if (st === stamp) continue;
        if (st === -stamp && ++found === count) return true;
        seen[z] = stamp;
        q[tail++] = z;
      }
    }
    return false;
  }

  /** Diameter of territory b if unit u joined it. */
  diamAfterAdd(u: number, b: number): number {
    const hull = this.hulls[b] ?? [];
    const { x, y } = this.inst;
    const d = this.diam[b] ?? 0;
    if (hull.length >= 3 && insideHull(x, y, hull, u)) return d;
    const ux = x[u] ?? 0;
    const uy = y[u] ?? 0;
    let best = d * d;
    for (const v of hull) {
      const dx = ux - (x[v] ?? 0);
      const dy = uy - (y[v] ?? 0);
      const e = dx * dx + dy * dy;
      if (e > best) best = e;
    }
    return Math.sqrt(best);
  }

  /** Diameter of u's territory if u left it. */
  diamAfterRemove(u: number): number {
    const a = this.assign[u] ?? 0;
    const fa = this.farA[a] ?? -1;
    const fb = this.farB[a] ?? -1;
    if (u !== fa && u !== fb) return this.diam[a] ?? 0;
    if (this.cacheVersion[a] !== this.version[a]) {
      this.cacheVersion[a] = this.version[a] ?? 0;
      this.cacheWithoutA[a] = this.diamWithout(a, fa);
      this.cacheWithoutB[a] = fb === fa ? (this.cacheWithoutA[a] ?? 0) : this.diamWithout(a, fb);
    }
    return (u === fa ? this.cacheWithoutA[a] : this.cacheWithoutB[a]) ?? 0;
  }

  private diamWithout(k: number, u: number): number {
    const { x, y } = this.inst;
    const hull = hullWithout(x, y, this.hulls[k] ?? [], this.members[k] ?? [], u);
    return Math.sqrt(farthestPair(x, y, hull).d2);
  }

  /** Move unit u to territory b, updating every incremental structure. */
  move(u: number, b: number): void {
    const a = this.assign[u] ?? 0;
    if (a === b) return;
    const la = this.members[a] ?? [];
    const lb = this.members[b] ?? [];
    const i = this.pos[u] ?? 0;
    const last = la.pop() as number;
    if (last !== u) {
      la[i] = last;
      this.pos[last] = i;
    }
    this.pos[u] = lb.length;
    lb.push(u);
    const w = this.inst.w;
    for (let m = 0; m < M; m++) {
      const wm = w[u * M + m] ?? 0;
      this.wsum[a * M + m] = (this.wsum[a * M + m] ?? 0) - wm;
      this.wsum[b * M + m] = (this.wsum[b * M + m] ?? 0) + wm;
    }
    this.excess[a] = this.excessOf(a, -1, 0);
    this.excess[b] = this.excessOf(b, -1, 0);
    this.assign[u] = b;
    this.version[a] = (this.version[a] ?? 0) + 1;
    this.version[b] = (this.version[b] ?? 0) + 1;
    if (this.onHull[u]) {
      this.onHull[u] = 0;
      this.rebuildHull(a, u);
    }
    this.addToHull(u, b);
  }

  private addToHull(u: number, b: number): void {
    const { x, y } = this.inst;
    const hull = this.hulls[b] ?? [];
    if (hull.length >= 3 && insideHull(x, y, hull, u)) return;
    let best = (this.diam[b] ?? 0) ** 2;
    let far = -1;
    const ux = x[u] ?? 0;
    const uy = y[u] ?? 0;
    for (const v of hull) {
      const dx = ux - (x[v] ?? 0);
      const dy = uy - (y[v] ?? 0);
      const e = dx * dx + dy * dy;
      if (e > best) {
        best = e;
        far = v;
      }
    }
    for (const v of hull) this.onHull[v] = 0;
    const next = convexHull(x, y, [...hull, u]);
    for (const v of next) this.onHull[v] = 1;
    this.hulls[b] = next;
    if (far >= 0) {
      this.diam[b] = Math.sqrt(best);
      this.farA[b] = u;
      this.farB[b] = far;
    } else if ((this.farA[b] ?? -1) < 0) {
      this.farA[b] = u;
      this.farB[b] = u;
    }
  }

  /** Recompute the hull and farthest pair of k; `removed` is a hull vertex that just left k, if any. */
  private rebuildHull(k: number, removed = -1): void {
    const { x, y } = this.inst;
    const old = this.hulls[k] ?? [];
    for (const v of old) if (this.assign[v] === k) this.onHull[v] = 0;
    const members = this.members[k] ?? [];
    const hull =
      removed >= 0 ? hullWithout(x, y, old, members, removed) : convexHull(x, y, members);
    for (const v of hull) this.onHull[v] = 1;
    this.hulls[k] = hull;
    const fp = farthestPair(x, y, hull);
    this.diam[k] = Math.sqrt(fp.d2);
    this.farA[k] = fp.a;
    this.farB[k] = fp.b;
  }
}
