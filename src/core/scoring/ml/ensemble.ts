import { fitPlatt, IDENTITY, type Platt } from "./calibrate.js";
import { stratifiedSplit } from "./folds.js";
import type { FitContext, Learner } from "./learners.js";
import type { Member } from "./model.js";
import { type MemberScorer, memberScorer, type ScoringData } from "./scorers.js";

/** Calibrated members averaged on the logit scale, then recalibrated. */
export interface Ensemble {
  readonly members: readonly Member[];
  readonly calibration: Platt;
}

/** Probabilities and explanations of an ensemble over one dataset. */
export class EnsembleScorer {
  private readonly scorers: MemberScorer[];
  constructor(
    readonly ensemble: Ensemble,
    data: ScoringData,
  ) {
    this.scorers = ensemble.members.map((m) => memberScorer(m, data));
  }

  /** Final logits of `rows` (all rows when null). */
  logits(rows: Int32Array | null, count: number): Float64Array {
    const out = new Float64Array(count);
    const tmp = new Float64Array(count);
    const { members, calibration } = this.ensemble;
    const share = 1 / members.length;
    members.forEach((m, i) => {
      (this.scorers[i] as MemberScorer).raw(rows, tmp);
      for (let k = 0; k < count; k++)
        out[k] = (out[k] as number) + share * (m.platt.a * (tmp[k] as number) + m.platt.b);
    });
    for (let k = 0; k < count; k++) out[k] = calibration.a * (out[k] as number) + calibration.b;
    return out;
  }

  /** P(positive) of `rows` (all rows when null). */
  probabilities(rows: Int32Array | null, count: number): Float64Array {
    const z = this.logits(rows, count);
    for (let k = 0; k < count; k++) z[k] = 1 / (1 + Math.exp(-(z[k] as number)));
    return z;
  }

  /**
   * Per-feature contributions to row r's final logit (bias + sum = logit), members' attributions
   * scaled by their calibration slopes and averaged.
   */
  explain(r: number, features: number): { bias: number; contributions: Float64Array } {
    const out = new Float64Array(features);
    const tmp = new Float64Array(features);
    const { members, calibration } = this.ensemble;
    const share = calibration.a / members.length;
    let bias = calibration.b;
    members.forEach((m, i) => {
      const b = (this.scorers[i] as MemberScorer).contributions(r, tmp);
      bias += share * (m.platt.a * b + m.platt.b);
      for (let j = 0; j < features; j++)
        out[j] = (out[j] as number) + share * m.platt.a * (tmp[j] as number);
    });
    return { bias, contributions: out };
  }
}

/** Share of the rows held out to stop boosting, choose penalties and fit calibrations. */
export const HOLDOUT = 0.2;

/**
 * Fit every learner on `rows` (80% fit, 20% holdout for early stopping, penalty and Platt
 * calibration), then build each single-learner candidate and their blend. With `refit`, members
 * are refitted on all `rows` with the chosen settings, keeping the calibrations.
 */
export function fitCandidates(
  ctx: FitContext,
  rows: Int32Array,
  learners: readonly Learner[],
  refit: boolean,
): Map<string, Ensemble> {
  const { part: holdout, rest: fit } = stratifiedSplit(ctx.labels, rows, HOLDOUT, ctx.seed);
  const y = Int8Array.from(holdout, (r) => ctx.labels[r] as number);
  const members: Member[] = [];
  const holdoutLogits: Float64Array[] = [];
  const out = new Map<string, Ensemble>();
  for (const learner of learners) {
    const fitted = learner.fit(ctx, fit, holdout);
    const z = new Float64Array(holdout.length);
    memberScorer(fitted.member, ctx.data).raw(holdout, z);
    const platt = fitPlatt(z, y);
    holdoutLogits.push(z.map((v) => platt.a * v + platt.b));
    const member = { ...(refit ? fitted.refit(rows) : fitted.member), platt };
    members.push(member);
    out.set(learner.name, { members: [member], calibration: IDENTITY });
  }
  if (members.length > 1) {
    const mean = new Float64Array(holdout.length);
    for (const z of holdoutLogits)
      for (let k = 0; k < mean.length; k++)
        mean[k] = (mean[k] as number) + (z[k] as number) / holdoutLogits.length;
    out.set("blend", { members, calibration: fitPlatt(mean, y) });
  }
  return out;
}
