import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PaydirtError } from "../../core/errors.js";
import { RouteReplayRequest, RouteSimulateRequest } from "../../core/requests/match.js";
import { MatchIndex } from "../../core/routing/match/account-index.js";
import { DEFAULT_THRESHOLD, Matcher } from "../../core/routing/match/matcher.js";
import type { MatchAccount } from "../../core/routing/match/types.js";
import { replay } from "../../core/routing/replay.js";
import { buildRules, type RepStatus, type RouteAccount } from "../../core/routing/rules/index.js";
import { type SimLead, simulate } from "../../core/routing/simulate.js";
import { exportField } from "../../io/csv/write.js";
import { OpsStore } from "../../io/ops/store.js";
import { readAccountsCsv, readLeadsCsv } from "../../io/routing/read.js";
import {
  defaultConfig,
  loadWorld,
  type RoutingWorld,
  readRoutingConfig,
} from "../../io/routing/world.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, num, pct } from "../format.js";
import { type Flag, parseRequest } from "../options.js";

const usage = `usage: paydirt route simulate --leads LEADS.csv [--config ROUTING.json] [--db STORE | --accounts ACCOUNTS.csv] [--at ISO]
       paydirt route replay (--data DIR | --pg URL) [--from ISO] [--to ISO] [--config ROUTING.json] [--db STORE] [--out CHANGES.csv]

Routes a file of leads with a routing config without storing anything (turns and caps are
counted in memory, leads in file order, all at --at, default now) and prints the load per rep
and pool, the rules that fired, caps hit, the fallback share and each pool's fairness (largest
distance from a member's weighted share, and Jain's index: 1 = even).

replay: replays the leads stored in the operational store (PGlite --data DIR, or --pg URL)
that were decided in [--from, --to) through a rule set (--config, default the rule set paydirt
serve uses for the analytics store --db) and reports which decisions would change and why. Each
lead is decided as of its stored time: its stored match, account and standing, the reps'
availability then (from the audit trail), the turns and cap counts before the window plus those
the replay gives. Read-only: nothing is written to the store or its audit trail (an embedded store
cannot be open in paydirt serve at the same time). --out writes every change as CSV.`;

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

const REPLAY_FLAGS = {
  schema: RouteReplayRequest,
  flags: {
    data: { type: "string" },
    pg: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    config: { type: "string" },
    db: { type: "string" },
    out: { type: "string" },
  } satisfies Record<string, Flag>,
};

async function replayCommand(argv: readonly string[]): Promise<number> {
  const values = parseRequest(argv, REPLAY_FLAGS);
  const from = values.from ? new Date(values.from).toISOString() : null;
  const to = values.to ? new Date(values.to).toISOString() : null;
  if (values.data && !existsSync(join(values.data, "PG_VERSION")))
    throw PaydirtError.of(
      "not_found",
      "ops_store_not_found",
      `no operational store in ${values.data} (paydirt serve --data DIR creates one)`,
      { path: { file: values.data } },
    );
  const cfg = values.config
    ? readRoutingConfig(values.config)
    : defaultConfig(await world({ ...(values.db ? { db: values.db } : {}) }));
  const store = await OpsStore.open(
    values.pg ? { pg: values.pg, process: "replay" } : { dataDir: values.data, process: "replay" },
  );
  let report: ReturnType<typeof replay>;
  try {
    const h = await store.history(from, to, cfg.capTimeZone);
    report = replay(h.leads, buildRules(cfg), cfg.version, h.start, cfg.capTimeZone);
  } finally {
    await store.close();
  }
  const n = report.leads;
  console.log(
    `${num(n)} leads decided ${from ?? "(first)"} .. ${to ?? "(last)"} replayed through rule set ${cfg.name ?? "(unnamed)"} v${cfg.version}; nothing written\n`,
  );
  console.log(
    `${num(report.changes.length)} decision(s) would change (${pct(n ? report.changes.length / n : 0)})`,
  );
  if (report.changes.length) {
    console.log(
      `\n${formatTable([...report.byRule].map(([change, k]) => ({ "stored rule -> replayed rule": change, leads: num(k) })))}`,
    );
    const shown = report.changes.slice(0, 20);
    console.log(
      `\n${formatTable(
        shown.map((c) => ({
          lead: c.leadId,
          "decided at": c.at,
          stored: `${c.before.rule}: ${c.before.owner ?? `queue ${c.before.queue ?? "-"}`}`,
          replayed: `${c.after.rule}: ${c.after.owner ?? `queue ${c.after.queue ?? "-"}`}`,
        })),
      )}`,
    );
    for (const c of shown) console.log(`  ${c.leadId}: ${c.why}`);
    if (report.changes.length > shown.length)
      console.log(
        `  ... ${num(report.changes.length - shown.length)} more${values.out ? "" : " (--out FILE lists them all)"}`,
      );
  }
  if (values.out) {
    const head =
      "lead_id,decided_at,stored_rule,stored_owner,stored_queue,replayed_rule,replayed_owner,replayed_queue,why";
    const lines = report.changes.map((c) =>
      [
        c.leadId,
        c.at,
        c.before.rule,
        c.before.owner,
        c.before.queue,
        c.after.rule,
        c.after.owner,
        c.after.queue,
        c.why,
      ]
        .map(exportField)
        .join(","),
    );
    writeFileSync(values.out, `${[head, ...lines].join("\n")}\n`);
    console.log(`\nwrote ${values.out}`);
  }
  return 0;
}

export const command: Command = {
  name: "route",
  summary:
    "preview a routing config before it goes live: on a file of leads (simulate) or on the stored leads (replay)",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "replay") return replayCommand(rest);
    if (sub !== "simulate")
      throw new UsageError(
        `unknown subcommand '${sub ?? ""}' (simulate, replay)`,
        "unknown_command",
      );
    const values = parseRequest(rest, FLAGS);
    const at = values.at ?? new Date().toISOString();
    const w = await world(values);
    const cfg = values.config ? readRoutingConfig(values.config, w) : defaultConfig(w);
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
