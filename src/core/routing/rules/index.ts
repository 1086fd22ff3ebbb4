export * from "./availability.js";
export * from "./cap-days.js";
export * from "./config.js";
export * from "./decide.js";
export * from "./pool.js";
export * from "./territory.js";
export * from "./types.js";
