/**
 * The root split of a tree chosen by one step of lookahead: the split whose own gain plus the
 * best gains of its two children is largest, instead of the split of largest gain alone.
 *
 * Greedy growth cannot see an interaction of two answers whose effects cancel on their own
 * (won when both or neither hold: each alone splits the rows into halves of the same rate), so
 * a depth-2 tree never finds it. Looking one level ahead at the root does, at the price of
 * scanning the children of every candidate root split. It is meant for small tables (a few
 * hundred rows), where trees are shallow and such an interaction is a large part of the signal.
 *
 * Candidates per feature of few bins (categorical answers, numeric columns of few values): each
 * category alone against the rest, every prefix of the categories ordered by mean gradient (as
 * the greedy categorical split orders them), every numeric threshold with missing on either side.
 * Features of many bins offer their greedy best split. Children's histograms come from
 * per-category histograms of the node (each row added once per feature of few bins), so a
 * candidate costs a sum of a few histograms, not a pass over its rows.
 */
import { STRIDE } from "./histogram.js";
import {
  bestCategoricalSplit,
  bestNumericSplit,
  categoryOrder,
  emptySplit,
  MIN_GAIN,
  type Split,
  type SplitRules,
} from "./split.js";

/** Features with at most this many bins get every candidate split (and per-bin histograms). */
export const LOOKAHEAD_BINS = 18;

/** What the lookahead reads of the tree being grown. */
export interface LookaheadInput {
  /** Row-major bins of the training rows (see toRowMajor); `idx` indexes its rows. */
  readonly bins: Uint8Array;
  readonly features: number;
  readonly nbins: Int32Array;
  readonly categorical: Uint8Array;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** Rows of this node (ascending). */
  readonly idx: Int32Array;
  readonly rules: SplitRules;
  /** Depth limit of the tree (a root's children are at depth 1). */
  readonly maxDepth: number;
}

const score = (g: number, h: number, lambda: number) => (g * g) / (h + lambda);

/**
 * Which root features a tree looks ahead on. A screen (`only` null) tries every feature and
 * writes each one's best total gain to `totals`; trees between screens try only the features of
 * `only` (the screen's best few) and the greedy split, at a fraction of the cost.
 */
export interface LookaheadScreen {
  readonly only: Uint8Array | null;
  readonly totals: Float64Array | null;
  /** Buffers reused from tree to tree (a booster grows hundreds of trees). */
  readonly work?: LookaheadWork;
}

/** Scratch buffers of the lookahead, grown as needed and reused. */
export class LookaheadWork {
  private readonly buffers: Float64Array[] = [];
  /** Buffer `slot` with at least `size` entries (contents left as they were: clear it). */
  take(slot: number, size: number): Float64Array {
    let b = this.buffers[slot];
    if (!b || b.length < size) {
      b = new Float64Array(Math.max(size, 2 * (b?.length ?? 0)));
      this.buffers[slot] = b;
    }
    return b;
  }
}

/**
 * The root split by lookahead for rows `idx` whose histogram is `root` (totals g, h): of the
 * greedy best split `greedy` and the candidates, the one of largest total gain.
 */
export function lookaheadRoot(
  input: LookaheadInput,
  root: Float64Array,
  g: number,
  h: number,
  greedy: Split,
  screen: LookaheadScreen = { only: null, totals: null },
): Split {
  const { only, totals } = screen;
  const work = screen.work ?? new LookaheadWork();
  totals?.fill(0);
  const { features: nf, nbins, bins, idx, grad, hess, rules } = input;
  const n = idx.length;
  if (n < 4 * rules.minLeafRows) return greedy;
  // Compact per-bin layout of a node's histogram: feature f's bins from off[f].
  const off = new Int32Array(nf + 1);
  for (let f = 0; f < nf; f++) off[f + 1] = (off[f] as number) + 3 * (nbins[f] as number);
  const width = off[nf] as number;
  // Per-bin histograms of the features of few bins: byBin[f][b] is the histogram of the rows
  // whose feature f is in bin b.
  const few: number[] = [];
  const start = new Int32Array(nf);
  let cells = 0;
  for (let f = 0; f < nf; f++)
    if ((nbins[f] as number) <= LOOKAHEAD_BINS && (only === null || only[f] === 1)) {
      few.push(f);
      start[f] = cells;
      cells += (nbins[f] as number) * width;
    }
  const byBin = work.take(0, cells);
  byBin.fill(0, 0, cells);
  for (let k = 0; k < n; k++) {
    const r = idx[k] as number;
    const gr = grad[r] as number;
    const hr = hess[r] as number;
    const base = r * nf;
    for (const f of few) {
      const at = (start[f] as number) + (bins[base + f] as number) * width;
      for (let q = 0; q < nf; q++) {
        const o = at + (off[q] as number) + 3 * (bins[base + q] as number);
        byBin[o] = (byBin[o] as number) + gr;
        byBin[o + 1] = (byBin[o + 1] as number) + hr;
        byBin[o + 2] = (byBin[o + 2] as number) + 1;
      }
    }
  }
  const left = work.take(1, width);
  const right = work.take(2, width);
  // The root's histogram in the compact layout.
  const rootC = work.take(3, width);
  for (let q = 0; q < nf; q++)
    for (let b = 0; b < 3 * (nbins[q] as number); b++)
      rootC[(off[q] as number) + b] = root[q * STRIDE + b] as number;
  const child = emptySplit();
  // Best split gain of a child (compact layout), 0 when it cannot split.
  const childGain = (hist: Float64Array, cg: number, ch: number, cn: number): number => {
    if (input.maxDepth < 2 || cn < 2 * rules.minLeafRows) return 0;
    child.gain = MIN_GAIN;
    child.feature = -1;
    for (let q = 0; q < nf; q++) {
      const find = input.categorical[q] ? bestCategoricalSplit : bestNumericSplit;
      find(hist, q, nbins[q] as number, cg, ch, cn, rules, child, off[q] as number);
    }
    return child.feature >= 0 ? child.gain : 0;
  };
  let best = greedy;
  let bestTotal = Number.NEGATIVE_INFINITY;
  // Total gain of a root split whose left side has histogram `left` (compact layout).
  // `missingLeft` null: no missing rows here, so missing values later follow the bigger side
  // (as the greedy numeric split sends them).
  const consider = (f: number, cats: number[], threshold: number, missingLeft: boolean | null) => {
    const fo = off[f] as number;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < (nbins[f] as number); b++) {
      gl += left[fo + 3 * b] as number;
      hl += left[fo + 3 * b + 1] as number;
      nl += left[fo + 3 * b + 2] as number;
    }
    const nr = n - nl;
    const hr = h - hl;
    if (nl < rules.minLeafRows || nr < rules.minLeafRows) return;
    if (hl < rules.minLeafHessian || hr < rules.minLeafHessian) return;
    const lambda = input.categorical[f] ? rules.lambda + rules.catLambda : rules.lambda;
    const own = score(gl, hl, lambda) + score(g - gl, hr, lambda) - score(g, h, lambda);
    for (let i = 0; i < width; i++) right[i] = (rootC[i] as number) - (left[i] as number);
    const total = own + childGain(left, gl, hl, nl) + childGain(right, g - gl, hr, nr);
    if (totals && total > (totals[f] as number)) totals[f] = total;
    if (total > bestTotal + 1e-12) {
      bestTotal = total;
      best = {
        gain: own,
        feature: f,
        threshold,
        missingLeft: missingLeft ?? nl >= nr,
        cats,
        gl,
        hl,
        nl,
      };
    }
  };
  const add = (f: number, b: number) => {
    const at = (start[f] as number) + b * width;
    for (let i = 0; i < width; i++) left[i] = (left[i] as number) + (byBin[at + i] as number);
  };
  const order = new Int32Array(256);
  const keys = new Float64Array(256);
  for (const f of few) {
    const nb = nbins[f] as number;
    const fo = off[f] as number;
    if (input.categorical[f]) {
      // The categories in the greedy split's order, as an array: candidates keep slices of it.
      const cats = Array.from(order.subarray(0, categoryOrder(rootC, fo, nb, rules, order, keys)));
      // Each category alone (the other side is every other one, rare ones included).
      for (const c of cats) {
        left.fill(0, 0, width);
        add(f, c);
        consider(f, [c], -1, c === 0);
      }
      // Prefixes of the gradient order (a prefix from the other end is a complement: same
      // children, so the same total).
      left.fill(0, 0, width);
      const maxLeft = Math.min(rules.maxCatLeft, cats.length - 1);
      for (let k = 0; k < maxLeft; k++) {
        add(f, cats[k] as number);
        if (k === 0) continue;
        const set = cats.slice(0, k + 1).sort((a, b) => a - b);
        consider(f, set, -1, set[0] === 0);
      }
    } else {
      const missing = (rootC[fo + 2] as number) > 0;
      for (const side of missing ? [false, true] : [false]) {
        left.fill(0, 0, width);
        if (side) add(f, 0);
        for (let t = 1; t < nb - 1; t++) {
          add(f, t);
          consider(f, [], t, missing ? side : null);
        }
      }
    }
  }
  // The greedy split of a feature (or the tree's greedy split), children built from its rows.
  const byRows = (f: number, s: Split) => {
    const goLeft = new Uint8Array(256);
    if (s.threshold < 0) for (const c of s.cats) goLeft[c] = 1;
    else {
      for (let b = 1; b <= s.threshold; b++) goLeft[b] = 1;
      goLeft[0] = s.missingLeft ? 1 : 0;
    }
    left.fill(0, 0, width);
    for (let k = 0; k < n; k++) {
      const r = idx[k] as number;
      const base = r * nf;
      if (goLeft[bins[base + f] as number] !== 1) continue;
      for (let q = 0; q < nf; q++) {
        const o = (off[q] as number) + 3 * (bins[base + q] as number);
        left[o] = (left[o] as number) + (grad[r] as number);
        left[o + 1] = (left[o + 1] as number) + (hess[r] as number);
        left[o + 2] = (left[o + 2] as number) + 1;
      }
    }
    consider(f, s.cats, s.threshold, s.missingLeft);
  };
  // Features of many bins offer their greedy best split.
  for (let f = 0; f < nf; f++) {
    if ((nbins[f] as number) <= LOOKAHEAD_BINS || (only !== null && only[f] !== 1)) continue;
    const s = emptySplit();
    if (input.categorical[f]) bestCategoricalSplit(root, f, nbins[f] as number, g, h, n, rules, s);
    else bestNumericSplit(root, f, nbins[f] as number, g, h, n, rules, s);
    if (s.feature >= 0) byRows(f, s);
  }
  // The greedy split always competes (between screens its feature may not be among the few).
  if (greedy.feature >= 0 && only !== null && only[greedy.feature] !== 1)
    byRows(greedy.feature, greedy);
  return best;
}
