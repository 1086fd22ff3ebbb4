import { normState } from "../match/account-index.js";
import { unavailable } from "./availability.js";
import type { LeadFilter, PoolSpec, TerritorySpec } from "./config.js";
import { pickFromPool } from "./pool.js";
import type { Candidate, RouteAccount, RouteLead, RoutingRule } from "./types.js";

/** Whether the lead (or its matched account's facts, which win) passes a filter. */
export function passes(
  f: LeadFilter | undefined,
  lead: RouteLead,
  account: RouteAccount | null,
): boolean {
  if (!f) return true;
  const state = normState(account?.state ?? lead.state);
  const country = (account?.country ?? lead.country ?? "").toUpperCase();
  const county = account?.county ?? lead.county ?? "";
  const postal = (account?.postalCode ?? lead.postalCode ?? "").replace(/\s+/g, "").toUpperCase();
  const industry = (account?.industry ?? lead.industry ?? "").toLowerCase();
  const employees = account?.employees ?? lead.employees ?? null;
  if (f.countries && !f.countries.some((c) => c.toUpperCase() === country)) return false;
  if (f.states && !f.states.some((s) => normState(s) === state)) return false;
  if (f.counties && !f.counties.includes(county)) return false;
  if (f.postalPrefixes && !f.postalPrefixes.some((p) => postal.startsWith(p.toUpperCase())))
    return false;
  if (f.industries && !f.industries.some((i) => i.toLowerCase() === industry)) return false;
  if (f.minEmployees !== undefined && (employees === null || employees < f.minEmployees))
    return false;
  if (f.maxEmployees !== undefined && (employees === null || employees > f.maxEmployees))
    return false;
  return true;
}

/** A lead goes to the first territory of the current plan whose geography and segment it fits. */
export function territory(
  territories: readonly TerritorySpec[],
  pools: ReadonlyMap<string, PoolSpec>,
): RoutingRule {
  return {
    name: "territory",
    decide(lead, state) {
      const tried: Candidate[] = [];
      for (const t of territories) {
        if (!passes(t.match, lead, state.account)) continue;
        if (t.rep) {
          const away = unavailable(state.reps.get(t.rep), state.now, false);
          if (!away)
            return {
              kind: "assign",
              ownerId: t.rep,
              queue: null,
              reasons: [`territory ${t.id} (${describe(t.match)}) belongs to ${t.rep}`],
              candidates: [
                ...tried,
                { repId: t.rep, eligible: true, chosen: true, why: `territory ${t.id}` },
              ],
            };
          tried.push({
            repId: t.rep,
            eligible: false,
            chosen: false,
            why: `territory ${t.id}: ${away}`,
          });
          continue;
        }
        const pool = pools.get(t.pool as string) as PoolSpec;
        const picked = pickFromPool(pool, lead, state);
        if (picked.repId)
          return {
            kind: "assign",
            ownerId: picked.repId,
            queue: null,
            reasons: [
              `territory ${t.id} (${describe(t.match)}) is shared by pool ${pool.id}: next turn ${picked.repId}`,
            ],
            candidates: [...tried, ...picked.candidates],
            turn: { pool: pool.id, repId: picked.repId },
          };
        tried.push(...picked.candidates);
      }
      return {
        kind: "pass",
        why: tried.length
          ? "the fitting territories' reps cannot take it"
          : "no territory fits the lead",
        candidates: tried,
      };
    },
  };
}

function describe(f: LeadFilter): string {
  const parts: string[] = [];
  if (f.countries) parts.push(`country ${f.countries.join("/")}`);
  if (f.states) parts.push(`state ${f.states.join("/")}`);
  if (f.counties) parts.push(`county ${f.counties.join("/")}`);
  if (f.postalPrefixes) parts.push(`ZIP ${f.postalPrefixes.join("/")}*`);
  if (f.industries) parts.push(`industry ${f.industries.join("/")}`);
  if (f.minEmployees !== undefined || f.maxEmployees !== undefined)
    parts.push(`${f.minEmployees ?? 0}-${f.maxEmployees ?? "any"} employees`);
  return parts.join(", ") || "everything";
}
