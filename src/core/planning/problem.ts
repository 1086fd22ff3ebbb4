/**
 * The territory planning problem, stated once and shared by every solver: units (accounts or
 * geographic units) with activity measures, a location, an optional tag and a current owner;
 * reps with capacity, home, skills; optional unit adjacency. Constraints and objectives are
 * separate rule objects (see rules/rule.ts).
 */

/** Undirected unit adjacency in CSR form: neighbours of u are `neighbors[offsets[u] .. offsets[u+1])`. */
export interface Adjacency {
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
}

/** A planning problem in flat typed arrays (unit-major measures: `measures[u * m + k]`). */
export interface PlanProblem {
  /** Number of units. */
  readonly n: number;
  /** Number of reps (territories). */
  readonly p: number;
  /** Measure names, e.g. potential, workload, accounts. */
  readonly measureNames: readonly string[];
  readonly measures: Float64Array;
  /** Unit location in a planar frame (km). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Unit tag index into `tagNames` (industry, segment, product), -1 when none. */
  readonly tag: Int32Array;
  readonly tagNames: readonly string[];
  /** Current owner (rep index) of each unit, -1 when unowned. */
  readonly owner: Int32Array;
  /** Rep capacity (relative FTE). */
  readonly capacity: Float64Array;
  /**
   * The point each rep's territory is kept compact around (NaN when unknown): the rep's home, or
   * a territory centre chosen before the search (see `anchoredAt`).
   */
  readonly homeX: Float64Array;
  readonly homeY: Float64Array;
  /** `skills[r * tagNames.length + t]` is 1 when rep r covers tag t. */
  readonly skills: Uint8Array;
  /** Target per rep and measure (`targets[r * m + k]`): proportional to capacity unless set per rep. */
  readonly targets: Float64Array;
  /** Total of each measure over all units. */
  readonly totals: Float64Array;
  /** A typical territory radius (km): sqrt(bounding-box area / p); normalises distances. */
  readonly distanceScale: number;
  readonly adjacency?: Adjacency;
  /** What homeX/homeY hold: the reps' homes (default) or territory centres. */
  readonly anchoredAt?: "home" | "centre";
  /** Domain ids of the units (account ids, county keys) and reps, for issues; absent in synthetic problems. */
  readonly unitIds?: readonly string[];
  readonly repIds?: readonly string[];
  /** What a unit is (issues name an `account_id` or a `unit_id`). */
  readonly unitKind?: "account" | "area";
}

/** Raw problem data; targets default to measure totals split in proportion to capacity. */
export interface PlanProblemInput {
  readonly measureNames: readonly string[];
  readonly measures: ArrayLike<number>;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly owner?: ArrayLike<number>;
  readonly tag?: ArrayLike<number>;
  readonly tagNames?: readonly string[];
  readonly capacity: ArrayLike<number>;
  readonly homeX?: ArrayLike<number>;
  readonly homeY?: ArrayLike<number>;
  /** Tag indices each rep covers. */
  readonly skills?: readonly (readonly number[])[];
  /** Explicit targets per rep and measure (rep-major), overriding the capacity split. */
  readonly targets?: ArrayLike<number>;
  /** Undirected edges as pairs `[u0, v0, u1, v1, ...]`. */
  readonly edges?: ArrayLike<number>;
  /** What homeX/homeY hold (default: homes). */
  readonly anchoredAt?: "home" | "centre";
  readonly unitIds?: readonly string[];
  readonly repIds?: readonly string[];
  readonly unitKind?: "account" | "area";
}

/** Build a problem, checking array shapes; throws an Error naming the inconsistent input. */
export function makeProblem(input: PlanProblemInput): PlanProblem {
  const m = input.measureNames.length;
  const n = input.x.length;
  const p = input.capacity.length;
  if (m < 1) throw new Error("a plan needs at least one measure");
  if (p < 1) throw new Error("a plan needs at least one rep");
  if (input.y.length !== n) throw new Error("x and y differ in length");
  if (input.measures.length !== n * m) {
    throw new Error(
      `measures has ${input.measures.length} values, expected units x measures = ${n * m}`,
    );
  }
  const measures = Float64Array.from(input.measures);
  for (let i = 0; i < measures.length; i++) {
    const v = measures[i] ?? 0;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new Error(
        `measure ${input.measureNames[i % m]} of unit ${Math.floor(i / m)} is ${v}; measures must be finite and >= 0`,
      );
    }
  }
  const capacity = Float64Array.from(input.capacity);
  let capSum = 0;
  for (const c of capacity) {
    if (!(c > 0)) throw new Error(`rep capacity must be > 0, got ${c}`);
    capSum += c;
  }
  const totals = new Float64Array(m);
  for (let u = 0; u < n; u++)
    for (let k = 0; k < m; k++) totals[k] = (totals[k] ?? 0) + (measures[u * m + k] ?? 0);
  let targets: Float64Array;
  if (input.targets) {
    if (input.targets.length !== p * m)
      throw new Error(`targets needs reps x measures = ${p * m} values`);
    targets = Float64Array.from(input.targets);
  } else {
    targets = new Float64Array(p * m);
    for (let r = 0; r < p; r++) {
      for (let k = 0; k < m; k++)
        targets[r * m + k] = ((totals[k] ?? 0) * (capacity[r] ?? 0)) / capSum;
    }
  }
  const owner = input.owner ? Int32Array.from(input.owner) : new Int32Array(n).fill(-1);
  if (owner.length !== n) throw new Error("owner differs in length from the units");
  for (const o of owner) if (o < -1 || o >= p) throw new Error(`owner ${o} is not a rep index`);
  const tagNames = input.tagNames ?? [];
  const tag = input.tag ? Int32Array.from(input.tag) : new Int32Array(n).fill(-1);
  if (tag.length !== n) throw new Error("tag differs in length from the units");
  const nt = tagNames.length;
  const skills = new Uint8Array(p * nt);
  input.skills?.forEach((list, r) => {
    for (const t of list) if (t >= 0 && t < nt) skills[r * nt + t] = 1;
  });
  const x = Float64Array.from(input.x);
  const y = Float64Array.from(input.y);
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let u = 0; u < n; u++) {
    const a = x[u] ?? 0;
    const b = y[u] ?? 0;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  const area = n > 0 ? Math.max(x1 - x0, 1e-9) * Math.max(y1 - y0, 1e-9) : 1;
  const problem: PlanProblem = {
    n,
    p,
    measureNames: input.measureNames,
    measures,
    x,
    y,
    tag,
    tagNames,
    owner,
    capacity,
    homeX: input.homeX ? Float64Array.from(input.homeX) : new Float64Array(p).fill(Number.NaN),
    homeY: input.homeY ? Float64Array.from(input.homeY) : new Float64Array(p).fill(Number.NaN),
    skills,
    targets,
    totals,
    distanceScale: Math.max(Math.sqrt(area / p), 1e-9),
    ...(input.edges ? { adjacency: buildAdjacency(n, input.edges) } : {}),
    ...(input.anchoredAt ? { anchoredAt: input.anchoredAt } : {}),
    ...(input.unitIds ? { unitIds: input.unitIds } : {}),
    ...(input.repIds ? { repIds: input.repIds } : {}),
    ...(input.unitKind ? { unitKind: input.unitKind } : {}),
  };
  return problem;
}

/** CSR adjacency from an edge list (self-loops and duplicates dropped). */
export function buildAdjacency(n: number, edges: ArrayLike<number>): Adjacency {
  const lists: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let i = 0; i + 1 < edges.length; i += 2) {
    const a = edges[i] ?? -1;
    const b = edges[i + 1] ?? -1;
    if (a < 0 || b < 0 || a >= n || b >= n)
      throw new Error(`edge ${a}-${b} names a unit outside 0..${n - 1}`);
    if (a === b) continue;
    lists[a]?.add(b);
    lists[b]?.add(a);
  }
  const offsets = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) offsets[u + 1] = (offsets[u] ?? 0) + (lists[u]?.size ?? 0);
  const neighbors = new Int32Array(offsets[n] ?? 0);
  for (let u = 0; u < n; u++) {
    let j = offsets[u] ?? 0;
    for (const v of [...(lists[u] ?? [])].sort((a, b) => a - b)) neighbors[j++] = v;
  }
  return { offsets, neighbors };
}

/** Euclidean distance from unit u to rep r's home (0 when the home is unknown). */
export function homeDistance(p: PlanProblem, u: number, r: number): number {
  const hx = p.homeX[r] ?? Number.NaN;
  const hy = p.homeY[r] ?? Number.NaN;
  if (Number.isNaN(hx) || Number.isNaN(hy)) return 0;
  return Math.hypot((p.x[u] ?? 0) - hx, (p.y[u] ?? 0) - hy);
}

/** Load of every rep and measure (`loads[r * m + k]`) recomputed from an assignment; unassigned units (-1) are skipped. */
export function computeLoads(p: PlanProblem, assign: Int32Array): Float64Array {
  const m = p.measureNames.length;
  const loads = new Float64Array(p.p * m);
  for (let u = 0; u < p.n; u++) {
    const r = assign[u] ?? -1;
    if (r < 0 || r >= p.p) continue;
    for (let k = 0; k < m; k++)
      loads[r * m + k] = (loads[r * m + k] ?? 0) + (p.measures[u * m + k] ?? 0);
  }
  return loads;
}
