/** Requests of the fit model on any table (`paydirt model train|predict|evaluate`). */
import { z } from "zod";
import { int, names } from "./common.js";

const BIG = Number.MAX_SAFE_INTEGER;

/** The labelled table: file, target column and its positive value. */
const table = {
  data: z.string().min(1),
  target: z.string().min(1),
  /** Value of a positive target (may be omitted for yes/no and 0/1 targets). */
  positive: z.string().optional(),
  /** Columns left out (e.g. known only after the outcome). */
  exclude: names.optional(),
  /** Learners tried (nb, logistic, gbdt). */
  models: names.optional(),
  folds: int(2, BIG).optional(),
  seed: int(0, BIG).default(1),
};

export const ModelTrainRequest = z.strictObject({
  ...table,
  /** Model file written. */
  out: z.string().min(1),
  selectionRows: int(10, BIG).optional(),
  maxRows: int(10, BIG).optional(),
});
export type ModelTrainRequest = z.infer<typeof ModelTrainRequest>;

export const ModelPredictRequest = z.strictObject({
  model: z.string().min(1),
  data: z.string().min(1),
  out: z.string().min(1),
  /** Features that raised and lowered each score most (0: none). */
  explain: int(0, BIG).default(3),
});
export type ModelPredictRequest = z.infer<typeof ModelPredictRequest>;

export const ModelEvaluateRequest = z.strictObject({
  ...table,
  /** Rows cross-validated at most. */
  rows: int(10, BIG).default(200_000),
});
export type ModelEvaluateRequest = z.infer<typeof ModelEvaluateRequest>;
