import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ENTITIES, entityByName, type MappingFile } from "../../core/model/index.js";
import { ImportRequest as ImportOptions } from "../../core/requests/import.js";
import { type ImportRequest, type ImportResult, importData } from "../../io/import/run.js";
import { loadMapping } from "../../io/mapping.js";
import { DEFAULT_STORE } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";
import { startProgress } from "../progress.js";

const usage = `usage:
  paydirt import <entity> <file...> [options]   import CSV or Parquet files of one entity
  paydirt import all <dir> [options]            import every entity file found in a folder

entities: ${ENTITIES.map((e) => e.name).join(", ")}
In a folder, an entity's files are the ones its mapping section lists under "files", or else
<entity>.csv / .csv.gz / .tsv / .txt / .xlsx / .parquet (e.g. accounts.csv, opportunity_history.xlsx).

options:
  --db PATH          store file (default ./${DEFAULT_STORE})
  --mapping FILE     JSON mapping of source columns and values (see mappings/*.json)
  --as-of DATE       when this data was true (knowledge time of the new versions; default now)
  --full             the files are complete snapshots: rows missing from them are retired
  --replace-missing  blank cells and columns a file lacks clear stored values (by default a file
                     updates only the fields it has, and NA, -, none, ... never erase a value)
  --encoding NAME    text encoding of CSV files: utf-8 (default), windows-1252, macintosh,
                     latin1, utf-16le, utf-16be, ... (UTF-16 with a byte-order mark is detected)
  --force            store facts (signals, history) again although the store holds the same ones,
                     and keep repeats inside a file (by default each fact is stored once)
  --max-issues N     list at most N errors and N warnings (default 50)

An import is all or nothing: a file with any error leaves the store exactly as it was, and every
problem is listed as file:line:column: reason.`;

/** `paydirt import` flags and the request they fill (src/core/requests/import.ts). */
const FLAGS = {
  schema: withStore(ImportOptions, DEFAULT_STORE),
  flags: {
    ...STORE_FLAG,
    mapping: { type: "string" },
    "as-of": { type: "string" },
    full: { type: "boolean" },
    force: { type: "boolean" },
    "replace-missing": { type: "boolean" },
    encoding: { type: "string" },
    "max-issues": { type: "number" },
  } satisfies Record<string, Flag>,
  positionals: ["entity"],
  rest: "files",
};

/** Find each entity's files in a folder, by mapping section or by conventional name. */
export function filesInFolder(dir: string, mapping?: MappingFile): ImportRequest[] {
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}`);
  const names = readdirSync(dir);
  const requests: ImportRequest[] = [];
  for (const entity of ENTITIES) {
    const section = mapping?.entities[entity.name];
    const listed = section?.files;
    const files = listed
      ? listed.map((f) => join(dir, f))
      : names
          .filter(
            (n) =>
              n.toLowerCase().startsWith(`${entity.name}.`) &&
              /^[^.]+\.((csv|tsv|txt)(\.gz)?|parquet|pq|xlsx)$/i.test(n),
          )
          .map((n) => join(dir, n));
    for (const f of files)
      if (!existsSync(f)) throw new UsageError(`mapping lists ${f}, which does not exist`);
    if (files.length > 0)
      requests.push({ entity, files, ...(section ? { mapping: section } : {}) });
  }
  if (requests.length === 0) throw new UsageError(`no entity files found in ${dir}`);
  return requests;
}

/** Print the outcome of an import: per entity counts, then issues. */
export function printImportResult(result: ImportResult, storePath: string): void {
  for (const line of result.log.lines()) console.error(line);
  if (!result.ok) {
    console.error(
      `\nimport failed: ${result.log.errors} error(s), ${result.log.warnings} warning(s); ${storePath} was not changed`,
    );
    return;
  }
  for (const o of result.outcomes) {
    const rows = o.files.reduce((s, f) => s + f.rows, 0);
    const c = o.counts;
    const fact = ENTITIES.find((e) => e.name === o.entity)?.key.length === 0;
    const detail = !c
      ? ""
      : fact
        ? `${c.inserted} new, ${c.unchanged} already stored${o.repeated ? `, ${o.repeated} repeated in the files (kept once)` : ""}`
        : `${c.inserted} new, ${c.updated} changed, ${c.unchanged} unchanged${c.retired ? `, ${c.retired} retired` : ""}`;
    console.log(
      `${o.entity.padEnd(20)} ${String(rows).padStart(10)} rows  (${detail})  import #${o.importId}`,
    );
  }
  if (process.env.PAYDIRT_TIMING) {
    for (const t of result.timings) {
      console.log(`  ${t.phase.padEnd(24)} ${t.seconds.toFixed(2)} s`);
    }
    console.log(
      `  peak memory              ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  }
  if (result.log.byCode.size > 0) {
    const counts = [...result.log.byCode].map(([code, n]) => `${code} ${n}`).join(", ");
    console.log(`findings by kind: ${counts}`);
  }
  console.log(
    `stored in ${storePath}${result.log.warnings ? `, with ${result.log.warnings} warning(s) above` : ""}`,
  );
}

export const command: Command = {
  name: "import",
  summary: "import CRM exports (CSV, Parquet; Salesforce names) into the store, all or nothing",
  usage,
  async run(argv) {
    const values = parseRequest(argv, FLAGS);
    const what = values.entity;
    const files = values.files;
    const mapping = values.mapping ? await loadMapping(values.mapping) : undefined;
    let requests: ImportRequest[];
    if (what === "all") {
      if (files.length !== 1) throw new UsageError("'import all' takes one folder");
      requests = filesInFolder(files[0] as string, mapping);
    } else {
      const entity = entityByName(what);
      if (!entity) throw new UsageError(`unknown entity '${what}'`);
      for (const f of files) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
      const section = mapping?.entities[entity.name];
      requests = [{ entity, files, ...(section ? { mapping: section } : {}) }];
    }
    // The day or time the request schema accepted (a day is its start in UTC, as before).
    const knownFrom = values.asOf ? new Date(values.asOf).toISOString() : undefined;
    let bar: ReturnType<typeof startProgress> | undefined;
    const result = await importData(requests, {
      storePath: values.db,
      ...(knownFrom ? { knownFrom } : {}),
      fullSnapshot: values.full,
      force: values.force,
      replaceMissing: values.replaceMissing,
      ...(values.encoding ? { encoding: values.encoding } : {}),
      maxIssues: values.maxIssues,
      progress: {
        onBytes(done, total) {
          bar ??= startProgress("reading files (bytes)", total);
          bar.update(done);
        },
      },
    });
    bar?.stop();
    printImportResult(result, values.db);
    return result.ok ? 0 : 1;
  },
};
