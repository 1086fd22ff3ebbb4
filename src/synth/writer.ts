import { closeSync, openSync, writeSync } from "node:fs";
import { csvLine } from "../io/csv/write.js";

type Value = string | number | boolean | null | undefined;

/** A CSV file written in ~1 MiB blocks: header first, then rows. */
export class CsvWriter {
  private readonly fd: number;
  private buffer = "";
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.fd = openSync(path, "w");
    this.buffer = csvLine(header);
  }

  row(values: readonly Value[]): void {
    this.buffer += csvLine(values);
    this.rows++;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = "";
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
