export * from "./execution.js";
export * from "./priority.js";
