import { type AccountFacts, addAccount, emptyStats, type SegmentStats } from "./facts.js";

/** A segment: the accounts sharing the values of the first `level` dimensions. */
export interface SegmentNode {
  readonly key: string;
  readonly level: number;
  /** The values of the first `level` dimensions. */
  readonly values: readonly string[];
  /** Index of the parent node in the tree's node list; -1 for the root. */
  readonly parent: number;
  readonly stats: SegmentStats;
}

/** Segments nested by dimension order (all -> d1 -> d1 x d2 -> ...), root first, then by level. */
export interface SegmentTree {
  readonly dimensions: readonly string[];
  readonly nodes: readonly SegmentNode[];
  /** Node indexes of each level (0 = root). */
  readonly levels: readonly (readonly number[])[];
}

/** Text that joins segment values into one key; never found in data values. */
export const KEY_SEPARATOR = " | ";

/** Build the segment tree of accounts over the dimensions, in their given order. */
export function buildTree(
  facts: Iterable<AccountFacts>,
  dimensions: readonly string[],
): SegmentTree {
  const nodes: SegmentNode[] = [
    { key: "all", level: 0, values: [], parent: -1, stats: emptyStats() },
  ];
  const levels: number[][] = [[0]];
  for (let l = 1; l <= dimensions.length; l++) levels.push([]);
  const index = new Map<string, number>();
  for (const f of facts) {
    const root = nodes[0] as SegmentNode;
    addAccount(root.stats, f);
    let parent = 0;
    let key = "";
    for (let l = 1; l <= dimensions.length; l++) {
      const v = f.dims[l - 1] ?? "unknown";
      key = l === 1 ? v : `${key}${KEY_SEPARATOR}${v}`;
      let i = index.get(`${l}\u0000${key}`);
      if (i === undefined) {
        i = nodes.length;
        const values = f.dims.slice(0, l).map((x) => x ?? "unknown");
        nodes.push({ key, level: l, values, parent, stats: emptyStats() });
        index.set(`${l}\u0000${key}`, i);
        levels[l]?.push(i);
      }
      addAccount((nodes[i] as SegmentNode).stats, f);
      parent = i;
    }
  }
  return { dimensions, nodes, levels };
}
