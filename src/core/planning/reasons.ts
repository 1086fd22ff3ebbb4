import { computeLoads, homeDistance, type PlanProblem } from "./problem.js";

/**
 * Why each unit changes owner in a plan ("" for units that stay): a rep without the unit's
 * required skill or outside the plan, the old owner's book over target, or a nearer home.
 */
export function moveReasons(
  p: PlanProblem,
  assign: Int32Array,
  eligible: (u: number, r: number) => boolean,
): string[] {
  const m = p.measureNames.length;
  const before = computeLoads(p, p.owner);
  const out: string[] = [];
  for (let u = 0; u < p.n; u++) {
    const o = p.owner[u] ?? -1;
    const r = assign[u] ?? -1;
    if (o === r) {
      out.push("");
      continue;
    }
    if (o < 0) {
      out.push("had no owner among the planned reps");
      continue;
    }
    if (!eligible(u, o)) {
      out.push("old owner may not hold it (skill or lock)");
      continue;
    }
    let worst = -1;
    let ratio = 1;
    for (let k = 0; k < m; k++) {
      const t = p.targets[o * m + k] ?? 0;
      const q = t > 0 ? (before[o * m + k] ?? 0) / t : 1;
      if (q > ratio) {
        ratio = q;
        worst = k;
      }
    }
    const dOld = homeDistance(p, u, o);
    const dNew = homeDistance(p, u, r);
    if (worst >= 0 && ratio > 1.05) {
      out.push(
        `rebalance: old owner held ${(ratio * 100).toFixed(0)}% of target ${p.measureNames[worst]}`,
      );
    } else if (dNew < dOld) {
      out.push(`closer to the new rep (${dNew.toFixed(0)} km vs ${dOld.toFixed(0)} km)`);
    } else {
      out.push("balance of the new books");
    }
  }
  return out;
}
