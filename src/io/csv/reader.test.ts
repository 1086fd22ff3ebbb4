import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { CsvRow } from "./contract.js";
import { openCsv, parseCsvText } from "./reader.js";
import { rawCsvLine } from "./write.js";

const dir = mkdtempSync(join(tmpdir(), "paydirt-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

async function readFile(content: string | Uint8Array, chunkSize?: number) {
  const path = join(dir, `f${seq++}.csv`);
  writeFileSync(path, content);
  const f = await openCsv(path, chunkSize ? { chunkSize, batchSize: 3 } : {});
  const rows: CsvRow[] = [];
  for await (const b of f.batches()) rows.push(...b);
  return { header: f.header, dialect: f.dialect, rows, problems: f.problems };
}

const fields = (rows: readonly CsvRow[]) => rows.map((r) => r.fields);

/** Windows-1252 bytes of text (by the platform's decoder's table, inverted). */
function encode1252(text: string): Uint8Array {
  const table = new TextDecoder("windows-1252").decode(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    { stream: true },
  );
  return Uint8Array.from(
    [...text].map((c) => {
      const b = table.indexOf(c);
      if (b < 0) throw new Error(`not in windows-1252: ${c}`);
      return b;
    }),
  );
}

describe("CSV reader", () => {
  it("sniffs delimiter, BOM and CR-only newlines, with a newline inside quotes", async () => {
    const f = await readFile('\uFEFFid;name;n\r1;"a\rb";3\r2;x;4\r');
    expect(f.dialect).toEqual({ delimiter: ";", quote: '"', newline: "\r", bom: true });
    expect(f.header).toEqual(["id", "name", "n"]);
    expect(fields(f.rows)).toEqual([
      ["1", "a\rb", "3"],
      ["2", "x", "4"],
    ]);
    expect(f.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(f.problems).toEqual([]);
  });

  it("reads tabs, pipes, CRLF, doubled quotes, blank lines and a missing final newline", async () => {
    expect(fields((await readFile('a\tb\r\n"x ""y"""\t2\r\n\r\nz\t3')).rows)).toEqual([
      ['x "y"', "2"],
      ["z", "3"],
    ]);
    expect((await readFile("a|b|c\n1|2|3\n")).dialect.delimiter).toBe("|");
  });

  it("reports an unterminated quote where it opened and stops there", async () => {
    const f = await readFile('id,name\n1,"abc\n2,x\n3,y\n');
    expect(f.problems).toEqual([
      expect.objectContaining({ line: 2, column: 2, code: "unterminated_quote" }),
    ]);
  });

  it("reports stray quotes, wrong field counts and header problems, and keeps going", async () => {
    const f = await readFile('id,name,,id\n1,ab"c,x,1\n2,"x"y,z,2\n3,only\n4,a,b,c,d\n');
    expect(
      [...f.problems]
        .sort((a, b) => a.line - b.line || a.column - b.column)
        .map((p) => [p.code, p.line, p.column]),
    ).toEqual([
      ["empty_header", 1, 3],
      ["duplicate_header", 1, 4],
      ["stray_quote", 2, 2],
      ["stray_quote", 3, 2],
      ["field_count", 4, 3],
      ["field_count", 5, 5],
    ]);
    expect(f.rows).toHaveLength(4);
  });

  it("reports bytes that are not UTF-8 with their line and the likely encoding", async () => {
    const bad = new Uint8Array([...Buffer.from("a,b\n1,2\n3,"), 0xe9, ...Buffer.from("x\n")]);
    const problems = (await readFile(bad)).problems;
    expect(problems).toEqual([expect.objectContaining({ code: "invalid_encoding", line: 3 })]);
    expect(problems[0]?.message).toMatch(/looks like windows-1252; import it with --encoding/);
    const mac = new Uint8Array([...Buffer.from("a,b\r1,"), 0x8e, ...Buffer.from("x\r")]);
    expect((await readFile(mac)).problems[0]?.message).toMatch(/looks like macintosh/);
  });

  it("reads UTF-16 with a byte-order mark, and single-byte encodings when told", async () => {
    const text = 'id,name\r\n1,Café Zoë\r\n2,"Ünïcode, “quoted”"\r\n';
    const expected = parseCsvText(text);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [bytes, encoding] of [
      [le, undefined],
      [be, undefined],
      [encode1252(text), "windows-1252"],
      [encode1252(text), "latin1"],
    ] as const) {
      const path = join(dir, `e${seq++}.csv`);
      writeFileSync(path, bytes);
      for (const chunkSize of [3, 1 << 20]) {
        const f = await openCsv(path, { chunkSize, ...(encoding ? { encoding } : {}) });
        const rows: CsvRow[] = [];
        for await (const b of f.batches()) rows.push(...b);
        expect(f.problems).toEqual([]);
        expect(f.header).toEqual(expected.header);
        expect(rows).toEqual(expected.rows);
      }
    }
    const path = join(dir, `u${seq++}.csv`);
    writeFileSync(path, "a\n");
    expect((await openCsv(path, { encoding: "klingon" })).problems).toEqual([
      expect.objectContaining({ code: "unknown_encoding" }),
    ]);
  });

  it("reads .csv.gz files as a stream", async () => {
    const text = 'id,name\n1,Acme\n2,"Beta\nInc"\n';
    const path = join(dir, `g${seq++}.csv.gz`);
    writeFileSync(path, gzipSync(Buffer.from(text)));
    const f = await openCsv(path, { chunkSize: 4 });
    const rows: CsvRow[] = [];
    for await (const b of f.batches()) rows.push(...b);
    expect(rows).toEqual(parseCsvText(text).rows);
  });

  it("stops at a record longer than the limit, naming its line, whatever the chunk size", async () => {
    const text = `id,name\n1,ok\n2,"never closed${"x\n".repeat(50000)}\n3,more\n`;
    for (const chunkSize of [7, 64, 256]) {
      const path = join(dir, `l${seq++}.csv`);
      writeFileSync(path, text);
      const f = await openCsv(path, { chunkSize, maxRecord: 1024 });
      const rows: CsvRow[] = [];
      for await (const b of f.batches()) rows.push(...b);
      expect(fields(rows)).toEqual([["1", "ok"]]);
      expect(f.problems).toEqual([
        expect.objectContaining({ code: "record_too_long", line: 3, column: 1 }),
      ]);
      expect(f.problems[0]?.message).toMatch(/1 KiB.*quote/);
    }
    // Read in one piece, the open quote runs to the end: past the limit, so the same problem.
    const path = join(dir, `l${seq++}.csv`);
    writeFileSync(path, text);
    const f = await openCsv(path, { maxRecord: 1024 });
    for await (const _ of f.batches());
    expect(f.problems.map((p) => [p.code, p.line])).toEqual([["record_too_long", 3]]);
    // Within the limit, a quote open at the end of the file is named where it opens.
    const short = await readFile('id,name\n1,"open\n2,b\n');
    expect(short.problems).toEqual([
      expect.objectContaining({ code: "unterminated_quote", line: 2, column: 2 }),
    ]);
    // A long record within the limit reads whole, in small chunks too.
    const long = `id,name\n1,"${"y".repeat(3000)}\n${"z".repeat(3000)}"\n2,b\n`;
    expect((await readFile(long, 5)).rows).toEqual(parseCsvText(long).rows);
  });

  it("gives the same records whatever the chunk size", async () => {
    const text =
      'id,name,notes\r\n1,"Acme, Inc.","multi\r\nline ""quoted"""\r\n2,Beta,plain\r\n3,"é ü 中",x\r\n';
    const whole = parseCsvText(text);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const f = await readFile(text, size);
      expect(f.rows, `chunk ${size}`).toEqual(whole.rows);
      expect(f.problems).toEqual([]);
    }
    expect(whole.rows.map((r) => r.line)).toEqual([2, 4, 5]);
  });

  it("reads back any table written with csvLine, for every newline style", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "Z", " ", ",", '"', "\r", "\n", "é", "中", ";", "0"),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) =>
          fc.tuple(
            fc.array(fc.array(cell, { minLength: w, maxLength: w }), {
              minLength: 1,
              maxLength: 8,
            }),
            fc.constant(w),
          ),
        ),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        ([rows, w], nl, bom) => {
          const header = Array.from({ length: w }, (_, i) => `c${i}`);
          // A row of one empty cell is a blank line in CSV: give it content.
          const data = rows.map((r) => (w === 1 && r[0] === "" ? ["x"] : r));
          const text =
            (bom ? "\uFEFF" : "") +
            [header, ...data].map((r) => rawCsvLine(r).replace(/\n$/, nl)).join("");
          const parsed = parseCsvText(text, { delimiter: "," });
          expect(parsed.problems).toEqual([]);
          expect(parsed.header).toEqual(header);
          expect(fields(parsed.rows)).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });
});
