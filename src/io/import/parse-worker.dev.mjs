// Development bootstrap of the parse worker: runs the TypeScript source through tsx (tests and
// `tsx src/cli/dev.ts`); the built package starts dist/io/import/parse-worker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./parse-worker.ts");
