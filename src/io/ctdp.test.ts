import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateSolution } from "../core/planning/ctdp/index.js";
import {
  CtdpFormatError,
  formatCtdpSolution,
  parseCtdpInstance,
  parseCtdpSolution,
  readCtdpInstance,
  solveCtdpParallel,
  writeCtdpSolution,
} from "./ctdp.js";

const tiny = `4
0 0 0 10 100 50
1 1 0 10 100 50
2 0 1 10 100 50
3 1 1 10 100 50
5
0 1
0 2
1 3
2 3
1 2
2 50 0.05 0.05 0.05
`;

/** Where the coded parse error of `text` points: "line:column" (or "line"). */
function errorOf(text: string): string {
  try {
    parseCtdpInstance(text, "bad.in");
  } catch (err) {
    expect(err).toBeInstanceOf(CtdpFormatError);
    const e = err as CtdpFormatError;
    expect(e.code).toBe("ctdp_format");
    const path = e.issues[0]?.path;
    expect(path?.file).toBe("bad.in");
    return path?.column ? `${path.line}:${path.column}` : `${path?.line}`;
  }
  throw new Error("expected a parse error");
}

describe("parseCtdpInstance", () => {
  it("reads units, edges, p and tolerances", () => {
    const inst = parseCtdpInstance(tiny, "tiny.in");
    expect(inst.n).toBe(4);
    expect(inst.p).toBe(2);
    expect(Array.from(inst.tau)).toEqual([0.05, 0.05, 0.05]);
    expect(Array.from(inst.mu)).toEqual([20, 200, 100]);
    expect(inst.adj.length).toBe(10);
    expect(inst.x[3]).toBe(1);
    expect(inst.w[2 * 3 + 1]).toBe(100);
  });

  it("names file, line and column of a bad number", () => {
    expect(errorOf(tiny.replace("1 1 0 10 100 50", "1 1 zero 10 100 50"))).toBe("3:5");
  });

  it("rejects units out of order, bad edges, bad p and trailing text", () => {
    expect(errorOf(tiny.replace("2 0 1", "5 0 1"))).toBe("4:1");
    expect(errorOf(tiny.replace("2 0 1", "3 0 1"))).toBe("4:1");
    expect(errorOf(tiny.replace("1 3\n", "1 7\n"))).toBe("9:3");
    expect(errorOf(tiny.replace("2 50 0.05", "9 50 0.05"))).toBe("12:1");
    expect(errorOf(`${tiny}extra\n`)).toBe("13:1");
    expect(errorOf(tiny.replace("0 0 0 10", "0 0 0 -10"))).toBe("2:7");
  });

  it("reports a truncated file", () => {
    expect(errorOf(tiny.slice(0, tiny.indexOf("5\n0 1")))).toBe("5");
    expect(errorOf("")).toBe("1");
  });
});

describe("solution files", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctdp-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes ids in unit order and reads them back", () => {
    expect(formatCtdpSolution([0, 1, 1, 0])).toBe("0 1 1 0\n");
    const file = join(dir, "sol.txt");
    writeCtdpSolution(file, Int32Array.from([1, 0, 1, 0]));
    expect(Array.from(parseCtdpSolution(readFileSync(file, "utf8"), file))).toEqual([1, 0, 1, 0]);
    expect(() => parseCtdpSolution("0 1\nx", "s.txt")).toThrow(
      "s.txt:2:1: expected territory id, found 'x'",
    );
  });

  it("solves a file in the calling thread and on two workers", async () => {
    const file = join(dir, "tiny.in");
    writeFileSync(file, tiny);
    const inst = readCtdpInstance(file);
    for (const workers of [1, 2]) {
      const sol = await solveCtdpParallel(inst, { timeLimitMs: 200, seed: 3, workers });
      const ev = evaluateSolution(inst, sol.assignment);
      expect(ev.connected).toBe(true);
      expect(ev.balanceExcess).toBe(0);
      expect(ev.diameter).toBe(1);
    }
  });
});
