/** Commercial territory design (CTDP) benchmark solver: instance, checker and multistart search. */
export { type CtdpEvaluation, compareObjectives, evaluateSolution } from "./evaluate.js";
export { type CtdpInstance, type CtdpInstanceInput, MEASURES, makeInstance } from "./instance.js";
export { type CtdpSolution, defaultParams, type SolveOptions, solveCtdp } from "./solve.js";
