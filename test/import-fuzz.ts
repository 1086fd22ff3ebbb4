/**
 * The import contract under mutated CSV files, shared by the fuzz test (`npm test`, a few runs)
 * and `npm run bench -- fuzz` (many): a failed import leaves the store byte for byte as it was
 * and names a location for every error; a successful one round-trips its values; nothing throws
 * (no stack trace reaches the user).
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { entityByName } from "../src/core/model/index.js";
import { rawCsvLine } from "../src/io/csv/write.js";
import { importData } from "../src/io/import/run.js";
import { openStoreForReading } from "../src/io/store/open.js";

export type Mutation =
  | { kind: "none" }
  | { kind: "crlf" }
  | { kind: "truncate"; at: number }
  | { kind: "quote"; at: number }
  | { kind: "byte"; at: number; byte: number }
  | { kind: "long"; at: number; length: number }
  | { kind: "value"; row: number; column: number; text: string };

const name = fc
  .string({
    unit: fc.constantFrom("a", "B", " ", ",", '"', "é", "\n", "-", "="),
    minLength: 1,
    maxLength: 12,
  })
  .filter((s) => s.trim() !== "" && !/^(null|nil|none|n\/a|na|#n\/a|-|--|nan)$/i.test(s.trim()));

/** Valid accounts: unique ids, names with separators and quotes, employees. */
export const accountsArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 99999 }),
    name,
    employees: fc.integer({ min: 0, max: 100000 }),
  }),
  { selector: (r) => r.id, minLength: 1, maxLength: 25 },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.constant({ kind: "crlf" as const }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("quote" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("byte" as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x00, 0x80, 0xe9, 0xff, 0x1b),
  }),
  fc.record({
    kind: fc.constant("long" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1000, max: 300000 }),
  }),
  fc.record({
    kind: fc.constant("value" as const),
    row: fc.nat(),
    column: fc.integer({ min: 0, max: 2 }),
    text: fc.constantFrom("abc", "1e308", "-5", "=1+1", "", "NaN", "\u200b", '"'),
  }),
);

type Row = { id: number; name: string; employees: number };

function mutate(rows: readonly Row[], m: Mutation): Buffer {
  const table = [
    ["account_id", "name", "employees"],
    ...rows.map((r) => [`A${r.id}`, r.name, r.employees]),
  ];
  if (m.kind === "value") {
    const target = table[1 + (m.row % rows.length)] as (string | number)[];
    target[m.column] = m.text;
  }
  let text = table.map((r) => rawCsvLine(r)).join("");
  if (m.kind === "crlf") text = text.replace(/\n/g, "\r\n");
  let bytes = Buffer.from(text);
  const at = "at" in m ? m.at % (bytes.length + 1) : 0;
  if (m.kind === "truncate") bytes = bytes.subarray(0, at);
  if (m.kind === "quote")
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]);
  if (m.kind === "byte")
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([m.byte]), bytes.subarray(at)]);
  if (m.kind === "long")
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(m.length, "x"), bytes.subarray(at)]);
  return bytes;
}

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

/** One run of the contract; throws (with the case) when it does not hold. Returns the outcome. */
export async function checkImportContract(
  base: string,
  rows: readonly Row[],
  m: Mutation,
): Promise<"imported" | "refused"> {
  const dir = mkdtempSync(join(tmpdir(), "paydirt-fuzz-"));
  try {
    const store = join(dir, "store.duckdb");
    copyFileSync(base, store);
    const before = sha(store);
    const path = join(dir, "accounts.csv");
    writeFileSync(path, mutate(rows, m));
    const accounts = entityByName("accounts");
    if (!accounts) throw new Error("accounts");
    const r = await importData([{ entity: accounts, files: [path] }], { storePath: store });
    for (const i of r.log.kept) {
      if (/\n\s+at /.test(i.message)) throw new Error(`stack trace in a message: ${i.message}`);
    }
    if (!r.ok) {
      if (sha(store) !== before) throw new Error("a failed import changed the store");
      for (const i of r.log.kept.filter((x) => x.severity === "error")) {
        if (!i.file.endsWith("accounts.csv"))
          throw new Error(`error without the file: ${i.message}`);
      }
      return "refused";
    }
    if (m.kind === "none" || m.kind === "crlf") {
      const s = await openStoreForReading(store);
      try {
        const got = await s.db.all<{ account_id: string; name: string; employees: number }>(
          `SELECT account_id, name, employees FROM accounts WHERE account_id <> 'BASE' ORDER BY account_id`,
        );
        const want = [...rows]
          .map((x) => ({
            account_id: `A${x.id}`,
            name: (m.kind === "crlf" ? x.name.replace(/\n/g, "\r\n") : x.name).trim(),
            employees: x.employees,
          }))
          .sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
        if (JSON.stringify(got) !== JSON.stringify(want))
          throw new Error(`round trip: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      } finally {
        s.close();
      }
    }
    return "imported";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A store holding one account, the starting point of every run. */
export async function baseStore(dir: string): Promise<string> {
  const store = join(dir, "base.duckdb");
  const path = join(dir, "base.csv");
  writeFileSync(path, "account_id,name,employees\nBASE,Base Co,5\n");
  const accounts = entityByName("accounts");
  if (!accounts) throw new Error("accounts");
  const r = await importData([{ entity: accounts, files: [path] }], { storePath: store });
  if (!r.ok) throw new Error(r.log.lines().join("\n"));
  return store;
}
