/** Issue codes of running long operations (src/core/run.ts): cancellation and time limits. */
export const RUN_CODES = ["aborted"] as const;
