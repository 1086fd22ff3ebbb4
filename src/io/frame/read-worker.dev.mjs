// Development bootstrap of the read worker: runs the TypeScript source through tsx (tests and
// `tsx src/cli/dev.ts`); the built package starts dist/io/frame/read-worker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./read-worker.ts");
