// Development bootstrap of the select worker: runs the TypeScript source through tsx (tests and
// `tsx src/cli/dev.ts`); the built package starts dist/io/frame/select-worker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./select-worker.ts");
