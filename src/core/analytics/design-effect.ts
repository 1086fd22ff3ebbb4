import type { ClusterSums } from "./facts.js";
import type { SegmentTree } from "./tree.js";

/** One segment's account-level residual sum of squares and its independent-deals variance. */
export interface ClusterResidual {
  /** Sum over accounts of (S_a - n_a x mean)^2. */
  readonly clustered: number;
  /** What the same sum would be if deals were independent (variance x deals). */
  readonly independent: number;
  readonly clusters: number;
}

/** Residuals of a segment around its own mean `mean`, with independent-deal variance `unit`. */
export function clusterResidual(
  c: ClusterSums,
  mean: number,
  unit: number,
  n: number,
): ClusterResidual {
  return {
    clustered: Math.max(0, c.ss - 2 * mean * c.sn + mean * mean * c.nn),
    independent: unit * n,
    clusters: c.clusters,
  };
}

/**
 * Kish design effect of deals grouped by account: how much more the segment means vary than if
 * every deal were independent (>= 1). Estimated at the deepest level that leaves enough
 * accounts per segment (degrees of freedom: accounts minus segments), with that correction.
 */
export function designEffect(
  tree: SegmentTree,
  residualOf: (nodeIndex: number) => ClusterResidual | null,
): number {
  for (let l = tree.levels.length - 1; l >= 0; l--) {
    let clustered = 0;
    let independent = 0;
    let clusters = 0;
    let groups = 0;
    for (const i of tree.levels[l] ?? []) {
      const r = residualOf(i);
      if (!r || r.clusters === 0) continue;
      clustered += r.clustered;
      independent += r.independent;
      clusters += r.clusters;
      groups++;
    }
    const dof = clusters - groups;
    if (independent <= 0 || dof < Math.max(10, clusters / 4)) continue;
    return Math.max(1, (clustered / independent) * (clusters / dof));
  }
  return 1;
}
