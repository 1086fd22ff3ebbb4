/**
 * What the routing service reads from the analytics store at start-up: accounts (to match leads
 * against, with the facts territories use), reps, and each account's standing from the latest
 * books, or from the current owners (the plan) when no books were refreshed. The service never
 * writes the analytics store.
 */

import { readFileSync } from "node:fs";
import { PaydirtError } from "../../core/errors.js";
import type { MatchAccount } from "../../core/routing/match/types.js";
import {
  parseRoutingConfig,
  type RouteAccount,
  type RoutingConfig,
} from "../../core/routing/rules/index.js";
import type { AccountStanding } from "../../core/routing/standing.js";
import type { Store } from "../store/store.js";

/** Accounts, reps and standings for routing. */
export interface RoutingWorld {
  readonly accounts: readonly (MatchAccount & RouteAccount)[];
  readonly reps: readonly {
    readonly id: string;
    readonly role: string;
    readonly active: boolean;
  }[];
  readonly standings: ReadonlyMap<string, AccountStanding>;
}

/** Read the routing world from the analytics store (read-only). */
export async function loadWorld(store: Store): Promise<RoutingWorld> {
  const rows = await store.db.all(
    `SELECT account_id, name, domain, country, state, postal_code, employees, parent_account_id, county_fips, industry, owner_id
     FROM accounts ORDER BY account_id`,
  );
  const accounts = rows.map((r) => ({
    id: String(r.account_id),
    name: (r.name as string | null) ?? "",
    domain: (r.domain as string | null) ?? null,
    country: (r.country as string | null) ?? null,
    state: (r.state as string | null) ?? null,
    postalCode: (r.postal_code as string | null) ?? null,
    employees: r.employees == null ? null : Number(r.employees),
    parentId: (r.parent_account_id as string | null) ?? null,
    county: (r.county_fips as string | null) ?? null,
    industry: (r.industry as string | null) ?? null,
  }));
  const reps = (await store.db.all("SELECT rep_id, role, active FROM reps ORDER BY rep_id")).map(
    (r) => ({
      id: String(r.rep_id),
      role: String(r.role ?? "AE"),
      active: r.active !== false,
    }),
  );
  const owner = new Map(
    rows.map((r) => [String(r.account_id), (r.owner_id as string | null) ?? null]),
  );
  const standings = new Map<string, AccountStanding>();
  let books = false;
  if (await store.hasTable("book_refreshes")) {
    const n = await store.db.all("SELECT count(*) AS n FROM book_refreshes");
    books = Number(n[0]?.n ?? 0) > 0;
  }
  if (books) {
    const states = await store.db.all(
      "SELECT account_id, stage, ae_id, bdr_id FROM books_as_of(current_date)",
    );
    for (const s of states) {
      const id = String(s.account_id);
      const stage = String(s.stage) as AccountStanding["stage"] & string;
      standings.set(id, {
        bookOwner:
          stage === "core" || stage === "rotating" ? ((s.ae_id as string | null) ?? null) : null,
        bdr: (s.bdr_id as string | null) ?? null,
        patchOwner: owner.get(id) ?? null,
        stage,
        source: "books",
      });
    }
    for (const [id, o] of owner)
      if (!standings.has(id) && o)
        standings.set(id, {
          bookOwner: null,
          bdr: null,
          patchOwner: o,
          stage: "pool",
          source: "books",
        });
  } else {
    for (const [id, o] of owner)
      if (o)
        standings.set(id, { bookOwner: o, bdr: null, patchOwner: o, stage: null, source: "plan" });
  }
  return { accounts, reps, standings };
}

/**
 * The default routing config for a world: book owner, lifecycle (BDR pool of the active BDRs),
 * round-robin over the active AEs, then the `unassigned` queue.
 */
export function defaultConfig(world: RoutingWorld): RoutingConfig {
  const active = world.reps.filter((r) => r.active);
  const aes = active.filter((r) => r.role.toUpperCase() === "AE").map((r) => ({ rep: r.id }));
  const bdrs = active.filter((r) => r.role.toUpperCase() === "BDR").map((r) => ({ rep: r.id }));
  const inbound = aes.length ? aes : active.map((r) => ({ rep: r.id }));
  const pools = [];
  const rules: unknown[] = [{ kind: "book_owner" }];
  if (bdrs.length) {
    pools.push({ id: "bdr", members: bdrs });
    rules.push({ kind: "lifecycle", bdrPool: "bdr", nurtureQueue: "nurture" });
  }
  if (inbound.length) {
    pools.push({ id: "inbound", members: inbound });
    rules.push({ kind: "round_robin", pool: "inbound" });
  }
  rules.push({ kind: "fallback", queue: "unassigned" });
  const parsed = parseRoutingConfig({ version: 1, name: "default", rules, pools });
  if (!parsed.ok) throw new PaydirtError("internal", parsed.issues);
  return parsed.value;
}

/**
 * The rule set in a JSON file (`--config` of serve and route): a file that cannot be read or is
 * not JSON is a usage error naming the option; rule set issues carry the file. Pools are checked
 * against the world's reps when a world with reps is given.
 */
export function readRoutingConfig(file: string, world?: RoutingWorld): RoutingConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw PaydirtError.of("usage", "invalid_option", `--config ${file}: ${(e as Error).message}`, {
      ids: { option: "config" },
    });
  }
  const reps = world?.reps.length ? new Set(world.reps.map((r) => r.id)) : undefined;
  const parsed = parseRoutingConfig(json, reps);
  if (!parsed.ok)
    throw new PaydirtError(
      "invalid",
      parsed.issues.map((i) => ({ ...i, path: { ...i.path, file } })),
    );
  return parsed.value;
}
