import { closeSync, openSync } from "node:fs";
import { CsvByteWriter, type CsvValue } from "../io/csv/byte-writer.js";

/** A CSV file of the synthetic market: header first, then rows, encoded as `csvLine` would. */
export class CsvWriter {
  private readonly fd: number;
  private readonly out: CsvByteWriter;
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.fd = openSync(path, "w");
    this.out = new CsvByteWriter(this.fd, true);
    this.out.row(header);
  }

  row(values: readonly CsvValue[]): void {
    this.out.row(values);
    this.rows++;
  }

  close(): void {
    this.out.flush();
    closeSync(this.fd);
  }
}
