import { type CtdpInstance, MEASURES } from "./instance.js";

/** The independent verdict on a CTDP solution, recomputed from scratch. */
export interface CtdpEvaluation {
  /** Every unit has a territory id in 0..p-1 (so it is in exactly one territory). */
  readonly complete: boolean;
  /** Units whose id is missing, not an integer or out of range. */
  readonly badUnits: readonly number[];
  /** Territories that are empty or not connected in the adjacency graph. */
  readonly disconnected: readonly number[];
  readonly connected: boolean;
  /** Total balance excess: sum over territories and measures of max(0, |w - mu| / mu - tau). */
  readonly balanceExcess: number;
  /** Largest territory diameter (max Euclidean distance between two units of one territory). */
  readonly diameter: number;
  /** Diameter of each territory. */
  readonly diameters: Float64Array;
  /** Activity totals, territory-major: `weights[k * 3 + a]`. */
  readonly weights: Float64Array;
}

/**
 * Check a solution against the instance without any of the solver's bookkeeping: brute-force
 * diameters, BFS connectivity, recomputed balance.
 */
export function evaluateSolution(
  inst: CtdpInstance,
  assignment: ArrayLike<number>,
): CtdpEvaluation {
  const { n, p } = inst;
  const badUnits: number[] = [];
  const members: number[][] = Array.from({ length: p }, () => []);
  for (let u = 0; u < n; u++) {
    const k = u < assignment.length ? assignment[u] : undefined;
    if (k === undefined || !Number.isInteger(k) || k < 0 || k >= p) badUnits.push(u);
    else members[k]?.push(u);
  }
  if (assignment.length !== n) for (let u = n; u < assignment.length; u++) badUnits.push(u);

  const weights = new Float64Array(p * MEASURES);
  let balanceExcess = 0;
  for (let k = 0; k < p; k++) {
    for (const u of members[k] ?? []) {
      for (let a = 0; a < MEASURES; a++) {
        weights[k * MEASURES + a] =
          (weights[k * MEASURES + a] ?? 0) + (inst.w[u * MEASURES + a] ?? 0);
      }
    }
    for (let a = 0; a < MEASURES; a++) {
      const mu = inst.mu[a] ?? 1;
      const dev = Math.abs((weights[k * MEASURES + a] ?? 0) - mu) / mu;
      balanceExcess += Math.max(0, dev - (inst.tau[a] ?? 0));
    }
  }

  const owner = new Int32Array(n).fill(-1);
  for (let k = 0; k < p; k++) for (const u of members[k] ?? []) owner[u] = k;
  const disconnected: number[] = [];
  const seen = new Uint8Array(n);
  for (let k = 0; k < p; k++) {
    const list = members[k] ?? [];
    const first = list[0];
    if (first === undefined) {
      disconnected.push(k);
      continue;
    }
    const queue = [first];
    seen[first] = 1;
    let reached = 0;
    while (queue.length > 0) {
      const u = queue.pop() as number;
      reached++;
      for (let j = inst.adjStart[u] ?? 0; j < (inst.adjStart[u + 1] ?? 0); j++) {
        const v = inst.adj[j] ?? 0;
        if (owner[v] === k && !seen[v]) {
          seen[v] = 1;
          queue.push(v);
        }
      }
    }
    if (reached !== list.length) disconnected.push(k);
  }

  const diameters = new Float64Array(p);
  let diameter = 0;
  for (let k = 0; k < p; k++) {
    const list = members[k] ?? [];
    let best = 0;
    for (let i = 0; i < list.length; i++) {
      const u = list[i] ?? 0;
      const ux = inst.x[u] ?? 0;
      const uy = inst.y[u] ?? 0;
      for (let j = i + 1; j < list.length; j++) {
        const v = list[j] ?? 0;
        const dx = ux - (inst.x[v] ?? 0);
        const dy = uy - (inst.y[v] ?? 0);
        const d2 = dx * dx + dy * dy;
        if (d2 > best) best = d2;
      }
    }
    diameters[k] = Math.sqrt(best);
    const dk = diameters[k] ?? 0;
    if (dk > diameter) diameter = dk;
  }

  return {
    complete: badUnits.length === 0,
    badUnits,
    disconnected,
    connected: disconnected.length === 0,
    balanceExcess,
    diameter,
    diameters,
    weights,
  };
}

/** Lexicographic comparison of (balance excess, diameter): negative when a is better. */
export function compareObjectives(
  a: { balanceExcess: number; diameter: number },
  b: { balanceExcess: number; diameter: number },
): number {
  if (a.balanceExcess !== b.balanceExcess) return a.balanceExcess - b.balanceExcess;
  return a.diameter - b.diameter;
}
