// Development bootstrap of the score worker: runs the TypeScript source through tsx (tests and
// `tsx src/cli/dev.ts`); the built package starts dist/io/frame/score-worker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./score-worker.ts");
