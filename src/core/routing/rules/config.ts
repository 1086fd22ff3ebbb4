import { z } from "zod";
import { type Issue, issue } from "../../issues.js";
import { isTimeZone } from "./cap-days.js";

const id = z.string().min(1).max(200);

/** Which leads a rule or territory takes (all given conditions must hold; absent = any). */
export const LeadFilter = z
  .object({
    countries: z.array(z.string()).optional(),
    states: z.array(z.string()).optional(),
    counties: z.array(z.string()).optional(),
    /** ZIP or postal code prefixes, e.g. "941". */
    postalPrefixes: z.array(z.string()).optional(),
    industries: z.array(z.string()).optional(),
    minEmployees: z.number().int().min(0).optional(),
    maxEmployees: z.number().int().min(0).optional(),
  })
  .strict();
export type LeadFilter = z.infer<typeof LeadFilter>;

export const PoolSpec = z
  .object({
    id,
    members: z
      .array(z.object({ rep: id, weight: z.number().positive().max(1000).default(1) }).strict())
      .min(1),
    /** Most leads a member takes per day / ISO week from all pools (absent: no cap). */
    dailyCap: z.number().int().positive().optional(),
    weeklyCap: z.number().int().positive().optional(),
    /** Skip members outside their working hours. */
    respectWorkingHours: z.boolean().default(false),
    /** Members must have all these skills. */
    requireSkills: z.array(z.string()).default([]),
    /** Prefer members with the lead's industry as a skill (when any eligible member has it). */
    preferIndustrySkill: z.boolean().default(false),
  })
  .strict();
export type PoolSpec = z.infer<typeof PoolSpec>;

export const TerritorySpec = z
  .object({
    id,
    /** The territory's rep, or a pool that shares it. */
    rep: id.optional(),
    pool: id.optional(),
    match: LeadFilter,
  })
  .strict()
  .refine((t) => (t.rep ? 1 : 0) + (t.pool ? 1 : 0) === 1, {
    message: "give exactly one of rep and pool",
  });
export type TerritorySpec = z.infer<typeof TerritorySpec>;

export const RuleSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("book_owner") }).strict(),
  z
    .object({
      kind: z.literal("lifecycle"),
      /** Pool of BDRs for accounts in market (or in a BDR queue whose BDR is away). */
      bdrPool: id,
      /** Queue for accounts in a patch that are not in market when the patch's AE is away. */
      nurtureQueue: id.default("nurture"),
    })
    .strict(),
  z.object({ kind: z.literal("territory") }).strict(),
  z.object({ kind: z.literal("round_robin"), pool: id, when: LeadFilter.optional() }).strict(),
  z.object({ kind: z.literal("fallback"), queue: id }).strict(),
]);
export type RuleSpec = z.infer<typeof RuleSpec>;

/** A versioned routing configuration: rules in order, pools and territories. */
export const RoutingConfig = z
  .object({
    version: z.number().int().positive(),
    name: z.string().optional(),
    /** Match confidence needed to route by the matched account (default 0.7). */
    minMatchConfidence: z.number().min(0).max(1).default(0.7),
    /** Time zone whose midnight starts a cap day (and whose Monday starts a cap week); default UTC. */
    capTimeZone: z
      .string()
      .refine(isTimeZone, { message: "not a known IANA time zone (e.g. America/New_York)" })
      .default("UTC"),
    rules: z.array(RuleSpec).min(1),
    pools: z.array(PoolSpec).default([]),
    territories: z.array(TerritorySpec).default([]),
  })
  .strict();
export type RoutingConfig = z.infer<typeof RoutingConfig>;

/**
 * Parse and check a routing config: shape (zod), then references (pools named by rules and
 * territories exist; reps in pools and territories are known when `reps` is given; the last
 * rule is a fallback, so every lead gets somewhere). Issues carry the JSON path.
 */
export function parseRoutingConfig(
  input: unknown,
  reps?: ReadonlySet<string>,
): { ok: true; value: RoutingConfig } | { ok: false; issues: Issue[] } {
  const parsed = RoutingConfig.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) =>
        issue("routing_config_invalid", i.message, {
          path: { json: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)) },
        }),
      ),
    };
  const c = parsed.data;
  const issues: Issue[] = [];
  const pools = new Set<string>();
  c.pools.forEach((p, i) => {
    if (pools.has(p.id))
      issues.push(
        issue("routing_config_invalid", `pool ${p.id} is defined twice`, {
          path: { json: ["pools", i, "id"] },
        }),
      );
    pools.add(p.id);
    p.members.forEach((m, j) => {
      if (reps && !reps.has(m.rep))
        issues.push(
          issue("routing_unknown_rep", `pool ${p.id} names rep ${m.rep}, who is not a rep`, {
            path: { json: ["pools", i, "members", j, "rep"] },
            ids: { rep_id: m.rep },
          }),
        );
    });
  });
  c.rules.forEach((r, i) => {
    const pool = r.kind === "round_robin" ? r.pool : r.kind === "lifecycle" ? r.bdrPool : null;
    if (pool !== null && !pools.has(pool))
      issues.push(
        issue(
          "routing_unknown_pool",
          `rule ${i + 1} (${r.kind}) names pool ${pool}, which is not defined`,
          { path: { json: ["rules", i, r.kind === "lifecycle" ? "bdrPool" : "pool"] } },
        ),
      );
  });
  c.territories.forEach((t, i) => {
    if (t.pool && !pools.has(t.pool))
      issues.push(
        issue(
          "routing_unknown_pool",
          `territory ${t.id} names pool ${t.pool}, which is not defined`,
          { path: { json: ["territories", i, "pool"] } },
        ),
      );
    if (t.rep && reps && !reps.has(t.rep))
      issues.push(
        issue("routing_unknown_rep", `territory ${t.id} names rep ${t.rep}, who is not a rep`, {
          path: { json: ["territories", i, "rep"] },
          ids: { rep_id: t.rep },
        }),
      );
  });
  if (c.rules[c.rules.length - 1]?.kind !== "fallback")
    issues.push(
      issue(
        "routing_config_invalid",
        "the last rule must be a fallback queue, so every lead goes somewhere",
        { path: { json: ["rules", c.rules.length - 1] } },
      ),
    );
  return issues.length ? { ok: false, issues } : { ok: true, value: c };
}
