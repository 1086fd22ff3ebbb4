/**
 * Worker-thread entry: runs the model-selection cross-validation of `paydirt model train` while
 * the main thread fits the candidates.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runSelection, type SelectionJob } from "../../core/scoring/ml/train.js";

if (!parentPort) throw new Error("select worker: no parent port");
parentPort.postMessage(runSelection(workerData as SelectionJob));
