/**
 * Capacity and quotas, read-only: GET /v1/capacity (AEs and BDRs each region and segment needs to
 * cover the target list, and what one AE more or fewer changes: `paydirt capacity` with the
 * default scenario) and GET /v1/quotas (quotas every rep is equally likely to make, with each
 * rep's P(attain), against a split by headcount: `paydirt quota`). Both run the same core code as
 * the commands; answers are kept per query while the server runs (the server is the store's only
 * writer, and it writes plans only).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { CapacityScenario, planCapacity } from "../../core/org/capacity.js";
import { parsePeriod } from "../../core/org/period.js";
import { equalChanceQuotas, headcountQuotas } from "../../core/org/quota.js";
import { latestDay } from "../../io/forecast/run.js";
import { readCapacityInputs } from "../../io/org/capacity.js";
import { readQuotaInputs } from "../../io/org/quota.js";
import type { ServerApp, ServerContext } from "../app.js";
import { apiError, errorResponses, IssueOut } from "../errors.js";
import { memo } from "./memo.js";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .openapi({ description: "as of this date (default: the latest)" });

/** Whether the store has what the answer needs; if not, the command that fills it. */
const Missing = z.object({ missing: z.string().nullable() });

export const Capacity = Missing.extend({
  talAsOf: z.string().nullable(),
  tiers: z.array(z.string()),
  productivity: z.number().nullable(),
  regions: z.array(
    z.object({
      region: z.string(),
      accounts: z.number(),
      expected_bookings: z.number(),
      aes_needed: z.number(),
      bdrs_needed: z.number(),
      aes: z.number(),
      gap: z.number(),
      covered_bookings: z.number(),
      bookings_per_ae: z.number(),
      add_one: z.number(),
      remove_one: z.number(),
    }),
  ),
  segments: z.array(
    z.object({
      region: z.string(),
      segment: z.string(),
      accounts: z.number(),
      expected_bookings: z.number(),
      ae_load: z.number(),
      aes_needed: z.number(),
      bdrs_needed: z.number(),
    }),
  ),
  issues: z.array(IssueOut),
}).openapi("Capacity");
type Capacity = z.infer<typeof Capacity>;

export const Quotas = Missing.extend({
  period: z.string().nullable(),
  asOf: z.string().nullable(),
  talAsOf: z.string().nullable(),
  target: z.number().nullable(),
  targetSource: z.enum(["given", "store quotas", "expected bookings"]).nullable(),
  expected: z.number().nullable(),
  p_attain: z.number().nullable(),
  /** max - min P(attain) across reps, with these quotas and with a split by headcount. */
  spread: z.number().nullable(),
  headcountSpread: z.number().nullable(),
  rows: z.array(
    z.object({
      rep_id: z.string(),
      team: z.string(),
      region: z.string(),
      quota: z.number(),
      expected_bookings: z.number(),
      p_attain: z.number(),
      ramp: z.number(),
      headcount_quota: z.number().nullable(),
      headcount_p_attain: z.number().nullable(),
    }),
  ),
  levels: z.array(
    z.object({
      level: z.string(),
      id: z.string(),
      reps: z.number(),
      top_down: z.number(),
      bottom_up: z.number(),
      difference: z.number(),
    }),
  ),
  issues: z.array(IssueOut),
}).openapi("Quotas");
type Quotas = z.infer<typeof Quotas>;

const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** A PaydirtError of kind invalid whose code says the store lacks an input: shown as missing. */
function missingInput(err: unknown): string | null {
  if (!(err instanceof PaydirtError) || err.kind !== "invalid") return null;
  const i = err.issues[0];
  return i && /no_potential|no_data|no_reps|no_quota/.test(i.code) ? i.message : null;
}

const capacityRoute = createRoute({
  method: "get",
  path: "/v1/capacity",
  tags: ["org"],
  summary: "AEs and BDRs needed per region and segment to cover the target list (default scenario)",
  security: [{ bearer: [] }],
  request: { query: z.object({ asOf: day }) },
  responses: {
    200: { description: "capacity", content: { "application/json": { schema: Capacity } } },
    ...errorResponses,
  },
});

const quotasRoute = createRoute({
  method: "get",
  path: "/v1/quotas",
  tags: ["org"],
  summary: "Quotas every rep is equally likely to make, and each rep's P(attain)",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      asOf: day,
      period: z
        .string()
        .max(10)
        .optional()
        .openapi({ description: "2027 or 2027-Q1 (default: the year after the as-of date)" }),
      target: z.coerce.number().positive().max(1e15).optional(),
    }),
  },
  responses: {
    200: { description: "quotas", content: { "application/json": { schema: Quotas } } },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  const cache = memo<Capacity | Quotas>(32);

  app.openapi(capacityRoute, async (c) => {
    const { asOf } = c.req.valid("query");
    const scenario = CapacityScenario.parse({});
    const body = (await cache(`capacity:${asOf ?? ""}`, () =>
      ctx.store.read(async (db): Promise<Capacity> => {
        const empty: Capacity = {
          missing: null,
          talAsOf: null,
          tiers: [...scenario.tiers],
          productivity: null,
          regions: [],
          segments: [],
          issues: [],
        };
        let inputs: Awaited<ReturnType<typeof readCapacityInputs>>;
        try {
          inputs = await readCapacityInputs(db, asOf);
        } catch (err) {
          const m = missingInput(err);
          if (m) return { ...empty, missing: m };
          throw err;
        }
        const plan = unwrap(planCapacity(inputs.accounts, scenario, inputs.aes));
        return {
          ...empty,
          talAsOf: inputs.talAsOf,
          productivity: plan.productivity,
          regions: plan.regions.map((r) => ({
            region: r.region,
            accounts: r.accounts,
            expected_bookings: r.expected_bookings,
            aes_needed: r.aes_needed,
            bdrs_needed: r.bdrs_needed,
            aes: r.aes,
            gap: r.gap,
            covered_bookings: r.covered_bookings,
            bookings_per_ae: r.bookings_per_ae,
            add_one: r.add_one,
            remove_one: r.remove_one,
          })),
          segments: plan.segments.map((s) => ({ ...s })),
          issues: plan.issues.map((i) => ({ ...i })),
        };
      }),
    )) as Capacity;
    return c.json(body, 200);
  });

  app.openapi(quotasRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.period !== undefined && !parsePeriod(q.period))
      throw apiError(
        "usage",
        "quota_period_invalid",
        `period must be a year (2027) or a quarter (2027-Q1), got "${q.period}"`,
        ["query", "period"],
      );
    const body = (await cache(`quotas:${q.asOf ?? ""}:${q.period ?? ""}:${q.target ?? ""}`, () =>
      ctx.store.read(async (db): Promise<Quotas> => {
        const empty: Quotas = {
          missing: null,
          period: null,
          asOf: null,
          talAsOf: null,
          target: null,
          targetSource: null,
          expected: null,
          p_attain: null,
          spread: null,
          headcountSpread: null,
          rows: [],
          levels: [],
          issues: [],
        };
        const latest = await latestDay(db).catch(() => undefined);
        const asOf = q.asOf ?? (latest !== undefined ? iso(latest) : undefined);
        if (!asOf) return { ...empty, missing: "no opportunities: import data first" };
        const period = parsePeriod(q.period ?? String(Number(asOf.slice(0, 4)) + 1));
        if (!period) throw new Error(`no period for ${asOf}`);
        let inputs: Awaited<ReturnType<typeof readQuotaInputs>>;
        try {
          inputs = await readQuotaInputs(db, {
            asOf,
            period,
            rampMonths: 6,
            draws: 4000,
            seed: 1,
            forecast: false,
          });
        } catch (err) {
          const m = missingInput(err);
          if (m) return { ...empty, missing: m };
          throw err;
        }
        if (!inputs.reps.length) return { ...empty, missing: "no AEs in the store" };
        const expected = inputs.reps.reduce((s, r) => s + r.bookings.mean, 0);
        const target = q.target ?? (inputs.currentQuota > 0 ? inputs.currentQuota : expected);
        if (!(target > 0)) return { ...empty, missing: "no quota and no expected bookings" };
        const plan = unwrap(equalChanceQuotas(inputs.reps, target));
        const hc = unwrap(headcountQuotas(inputs.reps, target));
        const hcById = new Map(hc.rows.map((r) => [r.rep_id, r]));
        const spread = (ps: readonly number[]) =>
          ps.length ? Math.max(...ps) - Math.min(...ps) : null;
        return {
          missing: null,
          period: period.label,
          asOf,
          talAsOf: inputs.talAsOf,
          target: plan.target,
          targetSource:
            q.target !== undefined
              ? "given"
              : inputs.currentQuota > 0
                ? "store quotas"
                : "expected bookings",
          expected,
          p_attain: plan.p_attain,
          spread: spread(plan.rows.map((r) => r.p_attain)),
          headcountSpread: spread(hc.rows.map((r) => r.p_attain)),
          rows: plan.rows.map((r) => ({
            ...r,
            headcount_quota: hcById.get(r.rep_id)?.quota ?? null,
            headcount_p_attain: hcById.get(r.rep_id)?.p_attain ?? null,
          })),
          levels: plan.levels.map((l) => ({ ...l })),
          issues: [...plan.issues, ...hc.issues].map((i) => ({ ...i })),
        };
      }),
    )) as Quotas;
    return c.json(body, 200);
  });
}
