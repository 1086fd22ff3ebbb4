import { buildHistogram, STRIDE, subtractHistogram } from "./histogram.js";
import { type LookaheadInput, type LookaheadScreen, lookaheadRoot } from "./lookahead.js";
import { bestCategoricalSplit, bestNumericSplit, emptySplit, type Split } from "./split.js";
import type { Tree } from "./tree.js";

/** What one tree is grown from (`idx` is reordered in place by the growth). */
export interface GrowInput extends LookaheadInput {
  readonly maxLeaves: number;
  /** Shrinkage applied to the node values. */
  readonly learningRate: number;
  /** Choose the root split by one step of lookahead over these features (lookahead.ts). */
  readonly lookahead?: LookaheadScreen;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array;
  best: Split;
}

/** Reusable histogram buffers (one per open leaf). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly size: number) {}
  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  give(h: Float64Array): void {
    this.free.push(h);
  }
  /** Pool sized for `features` features. */
  static forFeatures(features: number): HistogramPool {
    return new HistogramPool(Math.max(1, features) * STRIDE);
  }
}

function findBest(input: GrowInput, leaf: Leaf): void {
  const best = emptySplit();
  const n = leaf.end - leaf.start;
  if (leaf.depth < input.maxDepth && n >= 2 * input.rules.minLeafRows) {
    for (let f = 0; f < input.features; f++) {
      const nb = input.nbins[f] as number;
      if (input.categorical[f])
        bestCategoricalSplit(leaf.hist, f, nb, leaf.g, leaf.h, n, input.rules, best);
      else bestNumericSplit(leaf.hist, f, nb, leaf.g, leaf.h, n, input.rules, best);
    }
  }
  leaf.best = best;
}

/** Stable in-place partition of idx[start..end) by the split; returns the first right position. */
function partition(input: GrowInput, leaf: Leaf, tmp: Int32Array): number {
  const s = leaf.best;
  const b = input.bins;
  const nf = input.features;
  const sf = s.feature;
  const idx = input.idx;
  let goLeft: Uint8Array | null = null;
  if (s.threshold < 0) {
    goLeft = new Uint8Array(256);
    for (const c of s.cats) goLeft[c] = 1;
  }
  let l = leaf.start;
  let r = 0;
  for (let k = leaf.start; k < leaf.end; k++) {
    const row = idx[k] as number;
    const bin = b[row * nf + sf] as number;
    const left = goLeft ? goLeft[bin] === 1 : bin === 0 ? s.missingLeft : bin <= s.threshold;
    if (left) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}

/** Grow one tree leaf-wise (best gain first) with histogram subtraction for the larger child. */
export function growTree(
  input: GrowInput,
  pool: HistogramPool,
  tmp: Int32Array,
  leafRanges?: number[],
): Tree {
  const { grad, hess, idx, rules } = input;
  const lr = input.learningRate;
  const tree: Tree = {
    feature: [],
    threshold: [],
    missingLeft: [],
    left: [],
    right: [],
    value: [],
    cover: [],
    cats: [],
  };
  const addNode = (g: number, h: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-lr * g) / (h + rules.lambda));
    tree.cover.push(h);
    tree.cats.push([]);
    return tree.feature.length - 1;
  };
  let g = 0;
  let h = 0;
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k] as number;
    g += grad[r] as number;
    h += hess[r] as number;
  }
  const rootHist = pool.take();
  buildHistogram(input.bins, input.features, grad, hess, idx, 0, idx.length, rootHist);
  const root: Leaf = {
    node: addNode(g, h),
    start: 0,
    end: idx.length,
    depth: 0,
    g,
    h,
    hist: rootHist,
    best: emptySplit(),
  };
  findBest(input, root);
  if (input.lookahead && input.maxDepth >= 2 && input.maxLeaves >= 3)
    root.best = lookaheadRoot(input, rootHist, g, h, root.best, input.lookahead);
  const open: Leaf[] = [root];
  let leaves = 1;
  while (leaves < input.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < open.length; i++) {
      const l = open[i] as Leaf;
      if (l.best.feature >= 0 && (pick < 0 || l.best.gain > (open[pick] as Leaf).best.gain))
        pick = i;
    }
    if (pick < 0) break;
    const leaf = open[pick] as Leaf;
    open.splice(pick, 1);
    const s = leaf.best;
    const mid = partition(input, leaf, tmp);
    const ln = addNode(s.gl, s.hl);
    const rn = addNode(leaf.g - s.gl, leaf.h - s.hl);
    tree.feature[leaf.node] = s.feature;
    tree.threshold[leaf.node] = s.threshold;
    tree.missingLeft[leaf.node] = s.missingLeft ? 1 : 0;
    tree.cats[leaf.node] = s.cats;
    tree.left[leaf.node] = ln;
    tree.right[leaf.node] = rn;
    const left: Leaf = {
      node: ln,
      start: leaf.start,
      end: mid,
      depth: leaf.depth + 1,
      g: s.gl,
      h: s.hl,
      hist: leaf.hist,
      best: emptySplit(),
    };
    const right: Leaf = {
      node: rn,
      start: mid,
      end: leaf.end,
      depth: leaf.depth + 1,
      g: leaf.g - s.gl,
      h: leaf.h - s.hl,
      hist: leaf.hist,
      best: emptySplit(),
    };
    // Scan the smaller child; the larger one's histogram is the parent's minus it (in place).
    const [small, large] = mid - leaf.start <= leaf.end - mid ? [left, right] : [right, left];
    small.hist = pool.take();
    buildHistogram(input.bins, input.features, grad, hess, idx, small.start, small.end, small.hist);
    subtractHistogram(leaf.hist, small.hist, leaf.hist);
    large.hist = leaf.hist;
    findBest(input, left);
    findBest(input, right);
    open.push(left, right);
    leaves++;
  }
  for (const l of open) {
    pool.give(l.hist);
    leafRanges?.push(l.node, l.start, l.end);
  }
  return tree;
}
