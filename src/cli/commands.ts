import type { Command } from "./command.js";

type Loader = () => Promise<{ command: Command }>;

/**
 * Every subcommand by name, in the order `paydirt help` lists them; each module is loaded only
 * when its command runs (so `paydirt ctdp` does not start DuckDB). Add one line per new command.
 */
const LOADERS: Readonly<Record<string, Loader>> = {
  // commands:begin
  demo: () => import("./commands/demo.js"),
  import: () => import("./commands/import.js"),
  status: () => import("./commands/status.js"),
  synth: () => import("./commands/synth.js"),
  ctdp: () => import("./commands/ctdp.js"),
  model: () => import("./commands/model.js"),
  icp: () => import("./commands/icp.js"),
  plan: () => import("./commands/plan.js"),
  tal: () => import("./commands/tal.js"),
  match: () => import("./commands/match.js"),
  serve: () => import("./commands/serve.js"),
  route: () => import("./commands/route.js"),
  books: () => import("./commands/books.js"),
  quota: () => import("./commands/quota.js"),
  capacity: () => import("./commands/capacity.js"),
  comp: () => import("./commands/comp.js"),
  forecast: () => import("./commands/forecast.js"),
  deals: () => import("./commands/deals.js"),
  deal: () => import("./commands/deal.js"),
  coverage: () => import("./commands/coverage.js"),
  portfolio: () => import("./commands/portfolio.js"),
  // commands:end
};

/** The command called `name`, or undefined when there is none. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  return load ? (await load()).command : undefined;
}

/** Every command (for `paydirt help`). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(LOADERS).map(async (load) => (await load()).command));
}
