import { readFileSync } from "node:fs";
import { PaydirtError } from "../../core/errors.js";
import { RouteSimulateRequest } from "../../core/requests/match.js";
import { MatchIndex } from "../../core/routing/match/account-index.js";
import { DEFAULT_THRESHOLD, Matcher } from "../../core/routing/match/matcher.js";
import type { MatchAccount } from "../../core/routing/match/types.js";
import {
  buildRules,
  parseRoutingConfig,
  type RepStatus,
  type RouteAccount,
  type RoutingConfig,
} from "../../core/routing/rules/index.js";
import { type SimLead, simulate } from "../../core/routing/simulate.js";
import { readAccountsCsv, readLeadsCsv } from "../../io/routing/read.js";
import { defaultConfig, loadWorld, type RoutingWorld } from "../../io/routing/world.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, num, pct } from "../format.js";
import { type Flag, parseRequest } from "../options.js";

const usage = `usage: paydirt route simulate --leads LEADS.csv [--config ROUTING.json] [--db STORE | --accounts ACCOUNTS.csv] [--at ISO]

Routes a file of leads with a routing config without storing anything (turns and caps are
counted in memory, leads in file order, all at --at, default now) and prints the load per rep
and pool, the rules that fired, caps hit, the fallback share and each pool's fairness (largest
distance from a member's weighted share, and Jain's index: 1 = even).
(paydirt route replay --from --to, over the store's history, is not built yet.)`;

async function world(values: { db?: string; accounts?: string }): Promise<RoutingWorld> {
  if (values.accounts)
    return {
      accounts: readAccountsCsv(values.accounts).accounts as (MatchAccount & RouteAccount)[],
      reps: [],
      standings: new Map(),
    };
  const store = await openStoreForReading(values.db ?? DEFAULT_STORE);
  try {
    return await loadWorld(store);
  } finally {
    store.close();
  }
}

/** `paydirt route simulate` flags and the request they fill (src/core/requests/match.ts). */
const FLAGS = {
  schema: RouteSimulateRequest,
  flags: {
    leads: { type: "string" },
    config: { type: "string" },
    db: { type: "string" },
    accounts: { type: "string" },
    at: { type: "string" },
  } satisfies Record<string, Flag>,
};

export const command: Command = {
  name: "route",
  summary: "preview a routing config on a file of leads (simulate) before it goes live",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== "simulate")
      throw new UsageError(`unknown subcommand '${sub ?? ""}' (simulate)`, "unknown_command");
    const values = parseRequest(rest, FLAGS);
    const at = values.at ?? new Date().toISOString();
    const w = await world(values);
    let cfg: RoutingConfig = defaultConfig(w);
    if (values.config) {
      const parsed = parseRoutingConfig(
        JSON.parse(readFileSync(values.config, "utf8")),
        w.reps.length ? new Set(w.reps.map((r) => r.id)) : undefined,
      );
      if (!parsed.ok)
        throw new PaydirtError(
          "invalid",
          parsed.issues.map((i) => ({ ...i, path: { ...i.path, file: values.config } })),
        );
      cfg = parsed.value;
    }
    const { leads } = readLeadsCsv(values.leads);
    const matcher = new Matcher(new MatchIndex(w.accounts));
    const facts = new Map(w.accounts.map((a) => [a.id, a]));
    const sims: SimLead[] = leads.map((l) => {
      const m = matcher.match(l, { threshold: DEFAULT_THRESHOLD });
      return {
        lead: l,
        match: { accountId: m.accountId, confidence: m.confidence },
        account: m.accountId ? (facts.get(m.accountId) ?? null) : null,
        standing: m.accountId ? (w.standings.get(m.accountId) ?? null) : null,
        at,
      };
    });
    const ids = new Set([
      ...w.reps.map((r) => r.id),
      ...cfg.pools.flatMap((p) => p.members.map((m) => m.rep)),
    ]);
    const reps = new Map<string, RepStatus>(
      [...ids].map((id) => [id, { id, active: w.reps.find((r) => r.id === id)?.active ?? true }]),
    );
    const report = simulate(sims, buildRules(cfg), cfg.pools, reps, cfg.version, cfg.capTimeZone);
    const n = leads.length;
    console.log(`${n} leads, config ${cfg.name ?? "(unnamed)"} v${cfg.version}; nothing stored\n`);
    console.log(
      formatTable(
        [...report.perRule].map(([rule, k]) => ({ rule, leads: num(k), share: pct(k / n) })),
      ),
    );
    console.log(
      `\nfallback share ${pct(report.fallbackShare)}; caps hit ${num(report.capsHit)} time(s)\n`,
    );
    console.log(
      formatTable(
        report.pools.map((p) => ({
          pool: p.pool,
          turns: num(p.turns),
          "max deviation (turns)": p.maxDeviation.toFixed(2),
          "Jain index": p.jain.toFixed(3),
        })),
      ),
    );
    console.log("");
    console.log(
      formatTable(
        [...report.perRep].sort((a, b) => b[1] - a[1]).map(([rep, k]) => ({ rep, leads: num(k) })),
      ),
    );
    if (report.perQueue.size)
      console.log(
        `\n${formatTable([...report.perQueue].map(([queue, k]) => ({ queue, leads: num(k) })))}`,
      );
    return 0;
  },
};
