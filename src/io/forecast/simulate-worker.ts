/**
 * Worker-thread entry of the forecast's Monte Carlo: simulates the groups assigned to this thread
 * into the shared draw arrays (the other thread fills the other groups' rows).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type SimulationJob, simulateInto } from "../../core/forecast/montecarlo.js";

export interface SimulationPart {
  readonly job: SimulationJob;
  readonly period1: SharedArrayBuffer;
  readonly period2: SharedArrayBuffer;
  /** Thread of each group. */
  readonly thread: Uint8Array;
  readonly index: number;
}

if (!parentPort) throw new Error("simulation worker: no parent port");
const part = workerData as SimulationPart;
simulateInto(
  part.job,
  { period1: new Float32Array(part.period1), period2: new Float32Array(part.period2) },
  (g) => part.thread[g] === part.index,
);
parentPort.postMessage("done");
