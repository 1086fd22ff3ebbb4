import { open } from "node:fs/promises";
import { formatReasons } from "../../core/scoring/ml/explain.js";
import type { FitModel } from "../../core/scoring/ml/model.js";
import { ModelScorer } from "../../core/scoring/ml/predict.js";
import { csvLine } from "../csv/write.js";
import type { ScoringTable } from "./read-scoring.js";

const CHUNK = 8192;

/**
 * Write one line per input row, in input order: key columns, `score` (P(positive)) and, when
 * `explain` > 0, the features that raised and lowered it most.
 */
export async function writeScores(
  path: string,
  model: FitModel,
  table: ScoringTable,
  explain: number,
  onRows?: (done: number, total: number) => void,
  withHeader = true,
): Promise<Float64Array> {
  const ds = table.dataset;
  const scorer = new ModelScorer(model, ds);
  const fh = await open(path, "w");
  try {
    const head = scoreHeader(
      table.keys.map((k) => k.name),
      explain,
    );
    if (withHeader) await fh.write(csvLine(head));
    const scores = explain > 0 ? new Float64Array(ds.rows) : scorer.scores();
    for (let start = 0; start < ds.rows; start += CHUNK) {
      const end = Math.min(ds.rows, start + CHUNK);
      let text = "";
      for (let r = start; r < end; r++) {
        const cells: (string | number)[] = table.keys.map((k) => k.cells[r] ?? "");
        if (explain > 0) {
          const s = scorer.explain(r, explain);
          scores[r] = s.score;
          cells.push(round(s.score), formatReasons(s.up), formatReasons(s.down));
        } else cells.push(round(scores[r] as number));
        text += csvLine(cells);
      }
      await fh.write(text);
      onRows?.(end, ds.rows);
    }
    return scores;
  } finally {
    await fh.close();
  }
}

/** The header line of a score file. */
export function scoreHeader(keys: readonly string[], explain: number): string[] {
  return [...keys, "score", ...(explain > 0 ? ["raised_by", "lowered_by"] : [])];
}

/** Probabilities written with 10 significant digits. */
function round(p: number): string {
  return p.toPrecision(10);
}
