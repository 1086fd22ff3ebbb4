/** Development entry point: `npx tsx src/cli/dev.ts <command> ...` runs the CLI without a build. */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
