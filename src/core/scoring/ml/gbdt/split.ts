import { STRIDE } from "./histogram.js";

/** Growth settings that bound a split. */
export interface SplitRules {
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  readonly minLeafRows: number;
  readonly minLeafHessian: number;
  /** Extra L2 for categorical splits and the smoothing used to order categories (LightGBM style). */
  readonly catLambda: number;
  readonly catSmooth: number;
  /** At most this many categories on the left side of a categorical split. */
  readonly maxCatLeft: number;
  /** Categories with fewer rows in the node are never put on the left (they go right). */
  readonly minCatRows: number;
}

/** The best split of one leaf. */
export interface Split {
  gain: number;
  feature: number;
  /** Numeric: last bin going left; categorical: -1. */
  threshold: number;
  missingLeft: boolean;
  /** Categorical: bins going left. */
  cats: number[];
  gl: number;
  hl: number;
  nl: number;
}

const score = (g: number, h: number, lambda: number) => (g * g) / (h + lambda);

/** Gains this small are no split. */
export const MIN_GAIN = 1e-9;

/** A split no better than nothing: the start of a search for the best one. */
export function emptySplit(): Split {
  return {
    gain: MIN_GAIN,
    feature: -1,
    threshold: 0,
    missingLeft: false,
    cats: [],
    gl: 0,
    hl: 0,
    nl: 0,
  };
}

/**
 * Best split of a numeric feature: bins 1..t left or right, missing (bin 0) on its better side.
 * `off`: where feature f's bins start in `hist` (its place in a per-feature histogram by default).
 */
export function bestNumericSplit(
  hist: Float64Array,
  f: number,
  nbins: number,
  G: number,
  H: number,
  N: number,
  rules: SplitRules,
  best: Split,
  off = f * STRIDE,
): void {
  const gm = hist[off] as number;
  const hm = hist[off + 1] as number;
  const nm = hist[off + 2] as number;
  const parent = score(G, H, rules.lambda);
  let gl = 0;
  let hl = 0;
  let nl = 0;
  for (let t = 1; t < nbins - 1; t++) {
    const o = off + 3 * t;
    gl += hist[o] as number;
    hl += hist[o + 1] as number;
    nl += hist[o + 2] as number;
    if (nl === 0) continue;
    if (nl + nm === N) break;
    // Missing right, then missing left.
    for (let side = 0; side < 2; side++) {
      if (side === 1 && nm === 0) break;
      const GL = side === 1 ? gl + gm : gl;
      const HL = side === 1 ? hl + hm : hl;
      const NL = side === 1 ? nl + nm : nl;
      const NR = N - NL;
      const HR = H - HL;
      if (NL < rules.minLeafRows || NR < rules.minLeafRows) continue;
      if (HL < rules.minLeafHessian || HR < rules.minLeafHessian) continue;
      const gain = score(GL, HL, rules.lambda) + score(G - GL, HR, rules.lambda) - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = f;
        best.threshold = t;
        // Without missing rows here, missing values later follow the bigger side.
        best.missingLeft = side === 1 || (nm === 0 && NL >= NR);
        best.cats = [];
        best.gl = GL;
        best.hl = HL;
        best.nl = NL;
      }
    }
  }
}

/** Scratch of the categorical search (categories in gradient order and their keys). */
const order = new Int32Array(256);
const keys = new Float64Array(256);

/**
 * The categories of a feature (bins at `off` in `hist`) with at least `minCatRows` rows, in the
 * order a categorical split tries them: by smoothed mean gradient, ties by bin (which follows
 * category frequency, never column position). Written to `out` (`keys`: scratch); their count.
 */
export function categoryOrder(
  hist: Float64Array,
  off: number,
  nbins: number,
  rules: SplitRules,
  out: Int32Array,
  keys: Float64Array,
): number {
  let m = 0;
  for (let b = 0; b < nbins; b++) {
    if ((hist[off + 3 * b + 2] as number) < rules.minCatRows) continue;
    const key =
      (hist[off + 3 * b] as number) / ((hist[off + 3 * b + 1] as number) + rules.catSmooth);
    // Insertion sort: no allocation (the lookahead runs this thousands of times a tree).
    let i = m++;
    while (i > 0 && (keys[i - 1] as number) > key) {
      keys[i] = keys[i - 1] as number;
      out[i] = out[i - 1] as number;
      i--;
    }
    keys[i] = key;
    out[i] = b;
  }
  return m;
}

/**
 * Best split of a categorical feature (LightGBM style): categories ordered by smoothed mean
 * gradient, then every prefix from either end tried as the left set. Missing is a category.
 * Allocates only when it improves `best` (the lookahead runs it thousands of times a tree).
 */
export function bestCategoricalSplit(
  hist: Float64Array,
  f: number,
  nbins: number,
  G: number,
  H: number,
  N: number,
  rules: SplitRules,
  best: Split,
  off = f * STRIDE,
): void {
  const m = categoryOrder(hist, off, nbins, rules, order, keys);
  if (m < 1) return;
  const lambda = rules.lambda + rules.catLambda;
  const parent = score(G, H, lambda);
  // Rare categories are not in the order and stay right, so every prefix (even all) is a split.
  const maxLeft = Math.min(rules.maxCatLeft, m);
  let found = -1;
  let foundDir = 0;
  for (let dir = 0; dir < 2; dir++) {
    if (dir === 1 && m <= 2) break;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let k = 0; k < maxLeft; k++) {
      const o = off + 3 * (order[dir === 0 ? k : m - 1 - k] as number);
      gl += hist[o] as number;
      hl += hist[o + 1] as number;
      nl += hist[o + 2] as number;
      const NR = N - nl;
      const HR = H - hl;
      if (nl < rules.minLeafRows || NR < rules.minLeafRows) continue;
      if (hl < rules.minLeafHessian || HR < rules.minLeafHessian) continue;
      const gain = score(gl, hl, lambda) + score(G - gl, HR, lambda) - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = f;
        best.threshold = -1;
        best.gl = gl;
        best.hl = hl;
        best.nl = nl;
        found = k;
        foundDir = dir;
      }
    }
  }
  if (found < 0) return;
  const left = Array.from(order.subarray(0, m));
  best.cats = (foundDir === 0 ? left.slice(0, found + 1) : left.slice(m - 1 - found)).sort(
    (a, b) => a - b,
  );
  best.missingLeft = best.cats[0] === 0;
}
