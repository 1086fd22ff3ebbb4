/**
 * A regression tree over byte bins, stored as flat arrays (JSON friendly). Node 0 is the root.
 * A numeric node sends bin <= threshold left, missing (bin 0) by `missingLeft`; a categorical node
 * sends the bins listed in `cats` left and every other bin (unseen categories too) right.
 */
export interface Tree {
  /** Feature index per node, -1 for a leaf. */
  readonly feature: number[];
  readonly threshold: number[];
  readonly missingLeft: number[];
  readonly left: number[];
  readonly right: number[];
  /** Output of the node were it a leaf (leaves: the leaf value; used for path attributions). */
  readonly value: number[];
  /** Hessian mass of the training rows that reached the node. */
  readonly cover: number[];
  /** For categorical nodes, the bins going left; empty otherwise. */
  readonly cats: number[][];
}

/** A tree compiled for fast scoring: typed arrays and a 256-entry left/right table per categorical node. */
export interface CompiledTree {
  readonly feature: Int32Array;
  readonly threshold: Int32Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Per node: null, or goLeft[bin] for a categorical split. */
  readonly goLeft: (Uint8Array | null)[];
}

/** Compile a tree for scoring. */
export function compileTree(t: Tree): CompiledTree {
  return {
    feature: Int32Array.from(t.feature),
    threshold: Int32Array.from(t.threshold),
    missingLeft: Uint8Array.from(t.missingLeft),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    value: Float64Array.from(t.value),
    goLeft: t.cats.map((c, i) => {
      if ((t.feature[i] ?? -1) < 0 || t.threshold[i] !== -1) return null;
      const g = new Uint8Array(256);
      for (const b of c) g[b] = 1;
      return g;
    }),
  };
}

/** The child a row goes to from internal node `node`. */
export function step(t: CompiledTree, node: number, bin: number): number {
  const gl = t.goLeft[node];
  const left = gl
    ? gl[bin] === 1
    : bin === 0
      ? t.missingLeft[node] === 1
      : bin <= (t.threshold[node] as number);
  return left ? (t.left[node] as number) : (t.right[node] as number);
}

/** The leaf value of a row of a row-major bin matrix (`base` = row * features). */
export function leafValueRow(t: CompiledTree, bins: Uint8Array, base: number): number {
  let node = 0;
  for (;;) {
    const f = t.feature[node] as number;
    if (f < 0) return t.value[node] as number;
    node = step(t, node, bins[base + f] as number);
  }
}
