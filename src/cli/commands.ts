import type { Command } from "./command.js";

/** Every subcommand, in the order `paydirt help` lists them. Add one line per new command. */
export async function loadCommands(): Promise<Command[]> {
  const mods = await Promise.all([
    // commands:begin
    import("./commands/demo.js"),
    import("./commands/import.js"),
    import("./commands/status.js"),
    import("./commands/synth.js"),
    import("./commands/ctdp.js"),
    import("./commands/model.js"),
    import("./commands/icp.js"),
    import("./commands/plan.js"),
    import("./commands/tal.js"),
    // commands:end
  ]);
  return mods.map((m: { command: Command }) => m.command);
}
