// Development bootstrap of the forecast simulation worker: runs the TypeScript source through tsx
// (tests and `tsx src/cli/dev.ts`); the built package starts dist/io/forecast/simulate-worker.js.
import { register } from "tsx/esm/api";

register();
await import("./simulate-worker.ts");
