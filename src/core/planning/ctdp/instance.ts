/**
 * A commercial territory design (CTDP) instance: units in the plane with three activity
 * measures, an adjacency graph, the number of territories and the balance tolerances.
 */

/** Number of activity measures per unit. */
export const MEASURES = 3;

/** A CTDP instance in flat arrays (fast to search, cheap to copy to a worker). */
export interface CtdpInstance {
  readonly n: number;
  readonly p: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Activities, unit-major: `w[u * 3 + a]`. */
  readonly w: Float64Array;
  /** Tolerance per measure (0.05 means +-5% of the mean). */
  readonly tau: Float64Array;
  /** Target per measure: total activity divided by p. */
  readonly mu: Float64Array;
  /** Adjacency in CSR form: neighbours of u are `adj[adjStart[u] .. adjStart[u+1])`, sorted by angle. */
  readonly adjStart: Int32Array;
  readonly adj: Int32Array;
  /** `ringLink[k]` is 1 when neighbour k and the next one around the same unit (cyclically) are adjacent. */
  readonly ringLink: Uint8Array;
}

/** Raw instance data, as read from a file. */
export interface CtdpInstanceInput {
  readonly p: number;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly w: ArrayLike<number>;
  readonly tau: ArrayLike<number>;
  /** Undirected edges as a flat list of pairs `[u0, v0, u1, v1, ...]`. */
  readonly edges: ArrayLike<number>;
}

/** Build the search-ready instance (dedupes edges, drops self-loops, sorts neighbours by angle). */
export function makeInstance(input: CtdpInstanceInput): CtdpInstance {
  const n = input.x.length;
  if (input.y.length !== n || input.w.length !== n * MEASURES) {
    throw new Error("coordinate and activity arrays disagree on the number of units");
  }
  if (!Number.isInteger(input.p) || input.p < 1 || input.p > n) {
    throw new Error(`p must be an integer in 1..${n}, got ${input.p}`);
  }
  const x = Float64Array.from(input.x);
  const y = Float64Array.from(input.y);
  const w = Float64Array.from(input.w);
  const tau = Float64Array.from(input.tau);
  const mu = new Float64Array(MEASURES);
  for (let u = 0; u < n; u++) {
    for (let a = 0; a < MEASURES; a++) mu[a] = (mu[a] ?? 0) + (w[u * MEASURES + a] ?? 0);
  }
  for (let a = 0; a < MEASURES; a++) mu[a] = (mu[a] ?? 0) / input.p;

  const lists: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<number>();
  for (let i = 0; i + 1 < input.edges.length; i += 2) {
    const u = input.edges[i] ?? -1;
    const v = input.edges[i + 1] ?? -1;
    if (u === v) continue;
    const key = Math.min(u, v) * n + Math.max(u, v);
    if (seen.has(key)) continue;
    seen.add(key);
    lists[u]?.push(v);
    lists[v]?.push(u);
  }
  const adjStart = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) adjStart[u + 1] = (adjStart[u] ?? 0) + (lists[u]?.length ?? 0);
  const adj = new Int32Array(adjStart[n] ?? 0);
  for (let u = 0; u < n; u++) {
    const ux = x[u] ?? 0;
    const uy = y[u] ?? 0;
    const list = (lists[u] ?? []).sort(
      (a, b) =>
        Math.atan2((y[a] ?? 0) - uy, (x[a] ?? 0) - ux) -
        Math.atan2((y[b] ?? 0) - uy, (x[b] ?? 0) - ux),
    );
    adj.set(list, adjStart[u] ?? 0);
  }
  const ringLink = new Uint8Array(adj.length);
  for (let u = 0; u < n; u++) {
    const s = adjStart[u] ?? 0;
    const e = adjStart[u + 1] ?? 0;
    for (let k = s; k < e; k++) {
      const a = adj[k] ?? 0;
      const b = adj[k + 1 < e ? k + 1 : s] ?? 0;
      if (a === b) continue;
      const as = adjStart[a] ?? 0;
      const ae = adjStart[a + 1] ?? 0;
      for (let j = as; j < ae; j++) {
        if (adj[j] === b) {
          ringLink[k] = 1;
          break;
        }
      }
    }
  }
  return { n, p: input.p, x, y, w, tau, mu, adjStart, adj, ringLink };
}

/** Euclidean distance between units u and v. */
export function dist(inst: CtdpInstance, u: number, v: number): number {
  const dx = (inst.x[u] ?? 0) - (inst.x[v] ?? 0);
  const dy = (inst.y[u] ?? 0) - (inst.y[v] ?? 0);
  return Math.sqrt(dx * dx + dy * dy);
}
