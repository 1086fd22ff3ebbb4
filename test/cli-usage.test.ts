import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCommand } from "../src/cli/commands.js";
import { isPaydirtError } from "../src/core/errors.js";
import { cli } from "./run-cli.js";

/** Runs a command; returns the usage error's issue code and the exit code of the same argv. */
async function usage(
  ...argv: string[]
): Promise<{ code: string | undefined; exit: number; option?: string }> {
  const [name, ...rest] = argv;
  const command = await loadCommand(name ?? "");
  if (!command) throw new Error(`no command ${name}`);
  let code: string | undefined;
  let option: string | undefined;
  try {
    await command.run(rest);
  } catch (e) {
    if (!isPaydirtError(e)) throw e;
    expect(e.kind).toBe("usage");
    code = e.code;
    option = e.issues[0]?.ids?.option;
  }
  const { code: exit } = await cli(...argv);
  return { code, exit, ...(option ? { option } : {}) };
}

describe("usage errors: one exit code (2), one issue code each", () => {
  it.each([
    [["plan", "compare", "a", "b", "--limit", "x"], "invalid_option", "limit"],
    [["plan", "compare", "a", "b", "--limit", "-5"], "invalid_option", "limit"],
    [["plan", "compare", "a", "b", "--limit", "2.5"], "invalid_option", "limit"],
    [["plan", "compare", "a", "b", "--limt", "3"], "unknown_option", "limt"],
    [["plan", "compare", "a"], "missing_argument", "b"],
    [["plan", "show"], "missing_argument", "name"],
    [["plan", "show", "a", "b"], "unexpected_argument", undefined],
    [["plan", "frobnicate"], "unknown_command", undefined],
    [["plan", "create", "x"], "missing_argument", "config"],
    [["plan", "export", "x"], "missing_argument", undefined],
    [["icp", "--window", "x"], "invalid_option", "window"],
    [["icp", "--window", "-3"], "invalid_option", "window"],
    [["icp", "--as-of", "2025-02-30"], "invalid_option", "as-of"],
    [["icp", "--as-of", "9999-12-31"], "invalid_option", "as-of"],
    [["icp", "--dims", "industry", "--level", "2"], "invalid_option", "level"],
    [["tal", "--top", "-1"], "invalid_option", "top"],
    [["tal", "--tiers", "0.5,0.5,0.5"], "invalid_option", "tiers"],
    [["tal", "--as-of", "2025-13-01"], "invalid_option", "as-of"],
    [["synth", "--accounts", "0", "--out", "/nonexistent/x"], "invalid_option", "accounts"],
    [["synth", "--accounts", "10"], "missing_argument", "out"],
    [["ctdp", "solve", "--time", "0", "--in", "a", "--out", "b"], "invalid_option", "time"],
    [["ctdp"], "missing_argument", undefined],
    [["demo", "--plan-seconds", "soon"], "invalid_option", "plan-seconds"],
    [["status", "extra"], "unexpected_argument", undefined],
    [["status", "--db"], "invalid_option", "db"],
    [["books", "refresh", "--as-of", "2025-02-30"], "invalid_option", "as-of"],
    [["books", "refresh", "--policy", "nonesuch"], "invalid_option", "policy"],
    [["books", "show"], "missing_argument", "rep"],
    [["books", "show", "R1", "R2"], "unexpected_argument", undefined],
    [["books", "changes", "--since", "x"], "invalid_option", "since"],
    [["books", "export"], "missing_argument", "csv"],
    [["books", "backtest", "--from", "2025-01-01"], "missing_argument", "to"],
    [
      ["books", "backtest", "--from", "2025-01-01", "--to", "2025-06-30", "--cadence", "0"],
      "invalid_option",
      "cadence",
    ],
    [
      [
        "books",
        "backtest",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--cadence",
        "fortnightly",
      ],
      "invalid_option",
      "cadence",
    ],
    [["books", "frobnicate"], "unknown_command", undefined],
    [["import", "accounts", "x.csv", "--max-issues", "x"], "invalid_option", "max-issues"],
    [["import", "accounts", "x.csv", "--as-of", "2025-02-30"], "invalid_option", "as-of"],
    [["import", "accounts", "x.csv", "--as-of", "-5"], "invalid_option", "as-of"],
    [["import", "accounts", "x.csv", "--frobnicate"], "unknown_option", "frobnicate"],
    [["import", "acounts", "x.csv"], "invalid_option", "entity"],
    [["import", "accounts"], "missing_argument", "files"],
    [
      ["match", "--leads", "l.csv", "--out", "o.csv", "--accounts", "a.csv", "--threshold", "x"],
      "invalid_option",
      "threshold",
    ],
    [
      ["match", "--leads", "l.csv", "--out", "o.csv", "--accounts", "a.csv", "--threshold", "1.5"],
      "invalid_option",
      "threshold",
    ],
    [["match", "--leads", "l.csv", "--out", "o.csv"], "invalid_option", undefined],
    [["match", "--out", "o.csv", "--db", "s.duckdb"], "missing_argument", "leads"],
    [["route", "simulate", "--leads", "l.csv", "--at", "soon"], "invalid_option", "at"],
    [["route", "simulate"], "missing_argument", "leads"],
    [
      ["model", "train", "--data", "d.csv", "--target", "t", "--out", "m.json", "--folds", "x"],
      "invalid_option",
      "folds",
    ],
    [
      ["model", "train", "--data", "d.csv", "--target", "t", "--out", "m.json", "--folds", "1"],
      "invalid_option",
      "folds",
    ],
    [["model", "train", "--data", "d.csv", "--target", "t"], "missing_argument", "out"],
    [
      [
        "model",
        "predict",
        "--model",
        "m.json",
        "--data",
        "d.csv",
        "--out",
        "s.csv",
        "--explain",
        "-1",
      ],
      "invalid_option",
      "explain",
    ],
    [
      ["model", "evaluate", "--data", "d.csv", "--target", "t", "--rows", "lots"],
      "invalid_option",
      "rows",
    ],
    [["model", "fit"], "unknown_command", undefined],
    [["serve", "--port", "x"], "invalid_option", "port"],
    [["serve", "--port", "70000"], "invalid_option", "port"],
    [["serve", "--max-body", "10"], "invalid_option", "max-body"],
    [["serve", "--db", "a", "--accounts", "b"], "invalid_option", undefined],
    [["serve", "--pool-size", "0"], "invalid_option", "pool-size"],
  ])("%j -> %s", async (argv, code, option) => {
    const r = await usage(...argv);
    expect(r.code).toBe(code);
    expect(r.exit).toBe(2);
    if (option) expect(r.option).toBe(option);
  });

  it("suggests the flag meant", async () => {
    const r = await cli("plan", "compare", "a", "b", "--limt", "3");
    expect(r.err).toMatch(/did you mean --limit\?/);
  });

  it("no command reads its flags outside the option helper", () => {
    const dir = join(import.meta.dirname, "../src/cli/commands");
    const direct = readdirSync(dir).filter((f) =>
      /\bparseArgs\b/.test(readFileSync(join(dir, f), "utf8")),
    );
    expect(direct).toEqual([]);
  });

  it("an unknown command exits 2", async () => {
    expect((await cli("frobnicate")).code).toBe(2);
  });
});
