import type { Dataset } from "./dataset.js";
import type { GbdtModel } from "./gbdt/boost.js";
import { type CompiledTree, compileTree, step } from "./gbdt/tree.js";
import {
  type LogisticModel,
  linearScores,
  logisticContributions,
  scaledColumns,
} from "./logistic.js";
import type { Member } from "./model.js";

/** Raw (uncalibrated logit) scores and per-feature attributions of one member over a dataset. */
export interface MemberScorer {
  /** Raw scores of `rows` (all rows when null) into out[0..]. */
  raw(rows: Int32Array | null, out: Float64Array): void;
  /** Attributions of row r per feature into `out`; returns the bias (sum + bias = raw score). */
  contributions(r: number, out: Float64Array): number;
}

/** Data shared by the scorers of one dataset (the linear model's scaled columns, built once). */
export class ScoringData {
  private cols: (Float32Array | null)[] | null = null;
  constructor(readonly ds: Dataset) {}
  scaled(): (Float32Array | null)[] {
    this.cols ??= scaledColumns(this.ds);
    return this.cols;
  }
}

function gbdtScorer(model: GbdtModel, data: ScoringData): MemberScorer {
  const ds = data.ds;
  const trees: CompiledTree[] = model.trees.map(compileTree);
  return {
    raw(rows, out) {
      const m = rows ? rows.length : ds.rows;
      out.fill(model.base, 0, m);
      for (const t of trees) {
        for (let k = 0; k < m; k++) {
          const r = rows ? (rows[k] as number) : k;
          let node = 0;
          for (;;) {
            const f = t.feature[node] as number;
            if (f < 0) break;
            node = step(t, node, (ds.bins[f] as Uint8Array)[r] as number);
          }
          out[k] = (out[k] as number) + (t.value[node] as number);
        }
      }
    },
    // Saabas path attributions: each split credits its feature with the change in node value.
    contributions(r, out) {
      out.fill(0);
      let bias = model.base;
      for (const t of trees) {
        let node = 0;
        bias += t.value[0] as number;
        for (;;) {
          const f = t.feature[node] as number;
          if (f < 0) break;
          const child = step(t, node, (ds.bins[f] as Uint8Array)[r] as number);
          out[f] = (out[f] as number) + (t.value[child] as number) - (t.value[node] as number);
          node = child;
        }
      }
      return bias;
    },
  };
}

function logisticScorer(model: LogisticModel, data: ScoringData): MemberScorer {
  return {
    raw(rows, out) {
      linearScores(data.ds, data.scaled(), model.coef, rows, out);
    },
    contributions(r, out) {
      return logisticContributions(data.ds, data.scaled(), model, r, out);
    },
  };
}

const FACTORIES: {
  [K in Member["kind"]]: (m: Extract<Member, { kind: K }>, d: ScoringData) => MemberScorer;
} = {
  gbdt: (m, d) => gbdtScorer(m.gbdt, d),
  logistic: (m, d) => logisticScorer(m.logistic, d),
};

/** The scorer of a fitted member. */
export function memberScorer(m: Member, data: ScoringData): MemberScorer {
  return (FACTORIES[m.kind] as (m: Member, d: ScoringData) => MemberScorer)(m, data);
}
