import type { CtdpInstance } from "./instance.js";
import type { Rng } from "./rng.js";

/**
 * Connected components of `units` where two adjacent units belong together when their `mark`
 * labels agree. Writes each unit's component id to `comp` and returns the number of components.
 */
function components(
  inst: CtdpInstance,
  units: readonly number[],
  mark: Int32Array,
  comp: Int32Array,
): number {
  const { adj, adjStart } = inst;
  for (const u of units) comp[u] = -1;
  let count = 0;
  const stack: number[] = [];
  for (const s of units) {
    if ((comp[s] ?? 0) >= 0) continue;
    const label = mark[s] ?? 0;
    comp[s] = count;
    stack.push(s);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      for (let j = adjStart[v] ?? 0; j < (adjStart[v + 1] ?? 0); j++) {
        const z = adj[j] ?? 0;
        if (mark[z] === label && comp[z] === -1) {
          comp[z] = count;
          stack.push(z);
        }
      }
    }
    count++;
  }
  return count;
}

/**
 * Merge territory `a` with a random neighbouring territory and split the union again by a
 * straight cut at a random angle, halving the combined load; stray pieces go to the other side.
 * Changes `assign` in place and returns true when both new territories are non-empty and
 * connected; otherwise leaves `assign` unchanged and returns false.
 */
export function mergeSplit(
  inst: CtdpInstance,
  assign: Int32Array,
  load: Float64Array,
  rng: Rng,
  a: number,
): boolean {
  const { n, x, y, adj, adjStart } = inst;
  const units: number[] = [];
  const others: number[] = [];
  for (let u = 0; u < n; u++) {
    if (assign[u] !== a) continue;
    units.push(u);
    for (let j = adjStart[u] ?? 0; j < (adjStart[u + 1] ?? 0); j++) {
      const k = assign[adj[j] ?? 0] ?? a;
      if (k !== a) others.push(k);
    }
  }
  if (others.length === 0) return false;
  const b = others[rng.int(others.length)] ?? a;
  for (let u = 0; u < n; u++) if (assign[u] === b) units.push(u);

  const angle = rng.next() * Math.PI;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const key = new Map<number, number>();
  let total = 0;
  for (const u of units) {
    key.set(u, (x[u] ?? 0) * c + (y[u] ?? 0) * s);
    total += load[u] ?? 0;
  }
  units.sort((u, v) => (key.get(u) ?? 0) - (key.get(v) ?? 0));

  // Labels: `a` below the cut, `b` above; `mark` holds proposed labels (others keep theirs).
  const mark = Int32Array.from(assign);
  let acc = 0;
  for (const u of units) {
    mark[u] = acc < total / 2 ? a : b;
    acc += load[u] ?? 0;
  }
  // Stray pieces (all but the heaviest component of each label) switch label; a few rounds, since
  // a switch can join or split pieces of the other label.
  const comp = new Int32Array(n);
  for (let round = 0; round < 3; round++) {
    const count = components(inst, units, mark, comp);
    const weight = new Float64Array(count);
    const labelOf = new Int32Array(count);
    for (const u of units) {
      const q = comp[u] ?? 0;
      weight[q] = (weight[q] ?? 0) + (load[u] ?? 0);
      labelOf[q] = mark[u] ?? 0;
    }
    let mainA = -1;
    let mainB = -1;
    for (let q = 0; q < count; q++) {
      const w = weight[q] ?? 0;
      if (labelOf[q] === a && (mainA < 0 || w > (weight[mainA] ?? 0))) mainA = q;
      if (labelOf[q] === b && (mainB < 0 || w > (weight[mainB] ?? 0))) mainB = q;
    }
    if (mainA < 0 || mainB < 0) return false;
    if (count === 2) {
      for (const u of units) assign[u] = mark[u] ?? 0;
      return true;
    }
    for (const u of units) {
      const q = comp[u] ?? 0;
      if (q !== mainA && q !== mainB) mark[u] = mark[u] === a ? b : a;
    }
  }
  return false;
}
