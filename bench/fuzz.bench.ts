/**
 * `npm run bench -- fuzz [--runs N] [--seed S]`: the import contract (test/import-fuzz.ts) on N
 * mutated CSV files (default 200): every failed import leaves the store byte for byte and names
 * its file; every clean one round-trips; nothing throws. Prints the outcomes by mutation kind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { accountsArb, baseStore, checkImportContract, mutationArb } from "../test/import-fuzz.js";
import { printTable } from "./table.js";

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: "string", default: "200" }, seed: { type: "string", default: "1" } },
  });
  const dir = mkdtempSync(join(tmpdir(), "paydirt-bench-fuzz-"));
  const tally = new Map<string, { imported: number; refused: number }>();
  const t0 = performance.now();
  try {
    const base = await baseStore(dir);
    await fc.assert(
      fc.asyncProperty(accountsArb, mutationArb, async (rows, m) => {
        const outcome = await checkImportContract(base, rows, m);
        const t = tally.get(m.kind) ?? { imported: 0, refused: 0 };
        t[outcome]++;
        tally.set(m.kind, t);
      }),
      { numRuns: Number(values.runs), seed: Number(values.seed) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable([...tally].map(([mutation, t]) => ({ mutation, ...t })));
  console.log(
    `${values.runs} runs, contract held in all, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
