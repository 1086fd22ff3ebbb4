/**
 * Benchmark runner: `npm run bench -- <name> [options]` runs bench/<name>.bench.ts and prints its
 * table. With no name, lists the benchmarks. Benchmarks use fixed seeds.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <name> [options]\navailable: ${available.join(", ")}`);
  process.exit(name ? 2 : 0);
}
const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
  run(argv: string[]): Promise<void>;
};
await mod.run(rest);
