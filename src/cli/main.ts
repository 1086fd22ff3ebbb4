import { type Command, UsageError } from "./command.js";
import { loadCommand, loadCommands } from "./commands.js";

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
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`paydirt ${name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    // Expected failures (a missing store, a bad mapping file) read best without a stack trace.
    const e = err as Error;
    console.error(`paydirt ${name}: ${e.message}`);
    if (process.env.PAYDIRT_DEBUG) console.error(e.stack);
    return 1;
  }
}
