import { type CtdpInstance, MEASURES, makeInstance } from "./instance.js";
import { Rng } from "./rng.js";

/** Options of a synthetic grid instance. */
export interface GridOptions {
  readonly rows: number;
  readonly cols: number;
  readonly p: number;
  readonly seed: number;
  /** Activity ranges per measure (DS-style uniform draws); defaults to the benchmark's DS ranges. */
  readonly ranges?: readonly (readonly [number, number])[];
  /** Random displacement of each point, as a fraction of the cell size (default 0.3). */
  readonly jitter?: number;
  readonly tau?: number;
}

/**
 * A triangulated, jittered grid: a planar, Delaunay-like CTDP instance for tests and demos
 * (edges to the right, below and along one diagonal of each cell).
 */
export function gridInstance(opts: GridOptions): CtdpInstance {
  const { rows, cols, p } = opts;
  const rng = new Rng(opts.seed);
  const n = rows * cols;
  const jitter = opts.jitter ?? 0.3;
  const ranges = opts.ranges ?? [
    [4, 20],
    [15, 400],
    [15, 100],
  ];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n * MEASURES);
  const cell = 1000 / Math.max(rows, cols);
  const edges: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const u = r * cols + c;
      x[u] = (c + 0.5 + (rng.next() - 0.5) * jitter) * cell;
      y[u] = (r + 0.5 + (rng.next() - 0.5) * jitter) * cell;
      for (let a = 0; a < MEASURES; a++) {
        const [lo, hi] = ranges[a] ?? [1, 1];
        w[u * MEASURES + a] = lo + rng.next() * (hi - lo);
      }
      if (c + 1 < cols) edges.push(u, u + 1);
      if (r + 1 < rows) edges.push(u, u + cols);
      if (c + 1 < cols && r + 1 < rows) {
        if ((r + c) % 2 === 0) edges.push(u, u + cols + 1);
        else edges.push(u + 1, u + cols);
      }
    }
  }
  const t = opts.tau ?? 0.05;
  return makeInstance({ p, x, y, w, tau: [t, t, t], edges });
}
