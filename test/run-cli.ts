import { vi } from "vitest";
import { loadCommand } from "../src/cli/commands.js";
import { main } from "../src/cli/main.js";
import { isPaydirtError, type PaydirtError } from "../src/core/errors.js";

/** Run the CLI in-process, capturing what it prints. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  try {
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Run a command in-process and return the coded error it fails with (undefined when it succeeds). */
export async function cliError(...args: string[]): Promise<PaydirtError | undefined> {
  const [name, ...rest] = args;
  const command = await loadCommand(name ?? "");
  if (!command) throw new Error(`no command ${name}`);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    await command.run(rest);
    return undefined;
  } catch (e) {
    if (isPaydirtError(e)) return e;
    throw e;
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/**
 * The CLI tests' usual set-up: synthesise a market into `market` (`paydirt synth`) and import all
 * of it into the store `db`, failing with the command's error output when either step fails.
 */
export async function synthesiseAndImport(
  market: string,
  db: string,
  size: { accounts: number; reps: number; seed: number },
): Promise<void> {
  const s = await cli(
    "synth",
    "--accounts",
    String(size.accounts),
    "--reps",
    String(size.reps),
    "--seed",
    String(size.seed),
    "--out",
    market,
  );
  if (s.code !== 0) throw new Error(`synth exited ${s.code}: ${s.err}`);
  const i = await cli("import", "all", market, "--db", db);
  if (i.code !== 0) throw new Error(`import exited ${i.code}: ${i.err}`);
}
