export * from "./entities.js";
export * from "./fields.js";
export * from "./types.js";
