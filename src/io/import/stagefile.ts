import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StagedValue } from "../../core/model/index.js";
import { CsvByteWriter } from "../csv/byte-writer.js";

/**
 * Parsed rows are written to a plain temporary CSV (ISO dates, plain numbers, empty = null) and
 * bulk-loaded by DuckDB's parallel reader: far faster than appending value by value through the
 * Node binding, and memory stays bounded by the write buffer.
 */
export class StageFileWriter {
  readonly path: string;
  private readonly dir: string;
  private readonly fd: number;
  private readonly out: CsvByteWriter;
  rows = 0;
  /** Bytes of the longest row written. */
  longest = 0;

  /** @param base the import's stage folder (see stagedir.ts); a new temporary folder when absent */
  constructor(base?: string) {
    this.dir = mkdtempSync(base ? join(base, "file-") : join(tmpdir(), "paydirt-stage-"));
    this.path = join(this.dir, "stage.csv");
    this.fd = openSync(this.path, "w");
    this.out = new CsvByteWriter(this.fd, false);
  }

  /** One staged row: file index, line, then the values in staging-table order. */
  row(
    file: number,
    line: number,
    values: readonly StagedValue[],
    alts: readonly (string | null)[],
    attributes: string | null,
  ): void {
    const out = this.out;
    const before = out.bytesWritten;
    out.int(file);
    out.comma();
    out.int(line);
    for (let i = 0; i < values.length; i++) {
      out.comma();
      out.value(values[i]);
    }
    for (let i = 0; i < alts.length; i++) {
      out.comma();
      out.value(alts[i]);
    }
    out.comma();
    out.value(attributes);
    out.newline();
    this.rows++;
    const length = out.bytesWritten - before;
    if (length > this.longest) this.longest = length;
  }

  /** Finish writing; the file can then be loaded. */
  close(): void {
    this.out.flush();
    closeSync(this.fd);
  }

  /** Remove the temporary file and its folder. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
