import { formatIssue } from "../core/issues.js";
import type { Command } from "./command.js";
import { loadCommand, loadCommands } from "./commands.js";
import { asPaydirtError, exitCode } from "./exit.js";

function help(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    "paydirt: data-driven sales territory planning",
    "",
    "usage: paydirt <command> [options]   (paydirt <command> --help for details)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/** Entry point of the `paydirt` command; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help(await loadCommands()));
    return name ? 0 : 1;
  }
  const command = await loadCommand(name);
  if (!command) {
    console.error(`paydirt: unknown command '${name}'\n\n${help(await loadCommands())}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (caught) {
    // Every failure is coded; expected ones read best without a stack trace (PAYDIRT_DEBUG shows it).
    const err = asPaydirtError(caught);
    const text = err.issues.length > 0 ? err.issues.map(formatIssue).join("\n") : err.message;
    if (err.kind === "usage") console.error(`paydirt ${name}: ${text}\n\n${command.usage}`);
    else console.error(`paydirt ${name}: ${text}`);
    if (process.env.PAYDIRT_DEBUG)
      console.error((err.cause as Error | undefined)?.stack ?? err.stack);
    return exitCode(err.kind);
  }
}
