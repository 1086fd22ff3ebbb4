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

/** Best split of a numeric feature: bins 1..t left or right, missing (bin 0) on its better side. */
export function bestNumericSplit(
  hist: Float64Array,
  f: number,
  nbins: number,
  G: number,
  H: number,
  N: number,
  rules: SplitRules,
  best: Split,
): void {
  const off = f * STRIDE;
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

/**
 * Best split of a categorical feature (LightGBM style): categories ordered by smoothed mean
 * gradient, then every prefix from either end tried as the left set. Missing is a category.
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
): void {
  const off = f * STRIDE;
  const cats: number[] = [];
  for (let b = 0; b < nbins; b++)
    if ((hist[off + 3 * b + 2] as number) >= rules.minCatRows) cats.push(b);
  if (cats.length < 1) return;
  const key = (b: number) =>
    (hist[off + 3 * b] as number) / ((hist[off + 3 * b + 1] as number) + rules.catSmooth);
  // Ties broken by bin, which follows category frequency: never by column position.
  cats.sort((a, b) => key(a) - key(b) || a - b);
  const lambda = rules.lambda + rules.catLambda;
  const parent = score(G, H, lambda);
  // Rare categories are not in `cats` and stay right, so every prefix (even all of cats) is a split.
  const maxLeft = Math.min(rules.maxCatLeft, cats.length);
  for (let dir = 0; dir < 2; dir++) {
    if (dir === 1 && cats.length <= 2) break;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let k = 0; k < maxLeft; k++) {
      const b = cats[dir === 0 ? k : cats.length - 1 - k] as number;
      const o = off + 3 * b;
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
        best.missingLeft = false;
        const left = dir === 0 ? cats.slice(0, k + 1) : cats.slice(cats.length - 1 - k);
        best.cats = left.sort((a, b) => a - b);
        best.missingLeft = best.cats[0] === 0;
        best.gl = gl;
        best.hl = hl;
        best.nl = nl;
      }
    }
  }
}
