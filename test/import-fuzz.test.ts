/**
 * Fuzz test of the import contract on mutated CSV files (a few runs here; `npm run bench -- fuzz`
 * runs many): see test/import-fuzz.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { accountsArb, baseStore, checkImportContract, mutationArb } from "./import-fuzz.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-fuzz-base-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("import contract under mutated files", () => {
  it("refuses with a location and an unchanged store, or imports and round-trips", async () => {
    const base = await baseStore(dir);
    await fc.assert(
      fc.asyncProperty(accountsArb, mutationArb, async (rows, m) => {
        await checkImportContract(base, rows, m);
      }),
      { numRuns: Number(process.env.PAYDIRT_FUZZ_RUNS ?? 8), seed: 15 },
    );
  });
});
