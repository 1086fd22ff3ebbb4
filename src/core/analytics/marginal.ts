import { emptyStats, mergeStats } from "./facts.js";
import { get } from "./get.js";
import type { SegmentNode, SegmentTree } from "./tree.js";

/** Each dimension on its own: a one-level tree per level, and where every node falls in it. */
export interface Marginals {
  /** trees[l]: root plus one node per value of dimension l (index 0 unused). */
  readonly trees: readonly (SegmentTree | null)[];
  /** For each node of the main tree, its node index in the marginal tree of its level. */
  readonly nodeOf: Int32Array;
}

/** Pool the segments of every level by their last dimension's value alone. */
export function marginals(tree: SegmentTree): Marginals {
  const nodeOf = new Int32Array(tree.nodes.length).fill(-1);
  const root = get(tree.nodes, 0);
  const trees: (SegmentTree | null)[] = [null];
  for (let l = 1; l < tree.levels.length; l++) {
    const nodes: SegmentNode[] = [{ ...root }];
    const index = new Map<string, number>();
    for (const i of tree.levels[l] ?? []) {
      const n = get(tree.nodes, i);
      const value = n.values[l - 1] ?? "unknown";
      let m = index.get(value);
      if (m === undefined) {
        m = nodes.length;
        index.set(value, m);
        nodes.push({ key: value, level: 1, values: [value], parent: 0, stats: emptyStats() });
      }
      mergeStats(get(nodes, m).stats, n.stats);
      nodeOf[i] = m;
    }
    trees.push({
      dimensions: [tree.dimensions[l - 1] ?? `d${l}`],
      nodes,
      levels: [[0], nodes.map((_, k) => k).slice(1)],
    });
  }
  return { trees, nodeOf };
}

/**
 * Prior-mean offsets for crossed dimensions: a segment at level >= 2 is shrunk toward its parent
 * moved by its own last dimension's effect everywhere (its marginal estimate against all, on the
 * link scale), so a small "energy x 5,000+" segment borrows what 5,000+ means in every industry.
 */
export function additiveOffsets(
  tree: SegmentTree,
  m: Marginals,
  estimate: (t: SegmentTree) => readonly { readonly mean: number }[],
  link: (x: number) => number,
): (node: number) => number {
  const offsets = new Float64Array(tree.nodes.length);
  for (let l = 2; l < tree.levels.length; l++) {
    const t = m.trees[l];
    if (!t) continue;
    const est = estimate(t);
    const base = link(get(est, 0).mean);
    for (const i of tree.levels[l] ?? []) {
      const k = m.nodeOf[i] ?? -1;
      const e = k >= 0 ? est[k] : undefined;
      const v = e ? link(e.mean) - base : 0;
      offsets[i] = Number.isFinite(v) ? v : 0;
    }
  }
  return (node) => offsets[node] ?? 0;
}
