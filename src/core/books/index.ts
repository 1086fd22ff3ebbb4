export * from "./check.js";
export * from "./config.js";
export * from "./days.js";
export * from "./engine.js";
export * from "./policy.js";
export * from "./reps.js";
export * from "./types.js";
