/**
 * What other modules may use of the scoring learners (src/core/scoring/ml): the L-BFGS minimiser
 * and the prediction metrics. Import these from here, never from the files behind them.
 */
export { type LbfgsOptions, minimize, type Objective } from "./lbfgs.js";
export {
  auc,
  aucWithInterval,
  brier,
  type CalibrationBin,
  calibrationError,
  calibrationTable,
  evaluatePredictions,
  logLoss,
  type Metrics,
} from "./metrics.js";
