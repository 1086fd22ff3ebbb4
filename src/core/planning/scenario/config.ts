import { z } from "zod";

/** One activity measure computed per account. */
const measure = z
  .object({
    name: z.string().min(1),
    /** A numeric account column (e.g. annual_revenue, employees); omit with `count`. */
    column: z.string().min(1).optional(),
    /** 1 per account (an account count). */
    count: z.boolean().optional(),
    /** Transform of the column: none, sqrt or log1p (e.g. workload growing slower than size). */
    transform: z.enum(["none", "sqrt", "log1p"]).default("none"),
    /** Value for accounts where the column is empty (default: the column's median). */
    missing: z.number().nonnegative().optional(),
    /** Hard tolerance around each rep's target (0.05 = +-5%); omit for none. */
    tolerance: z.number().positive().max(10).optional(),
  })
  .refine((m) => (m.column ? !m.count : m.count === true), {
    message: "a measure needs exactly one of `column` or `count: true`",
  });

/** The JSON configuration of a planning scenario. */
export const scenarioConfigSchema = z
  .object({
    measures: z.array(measure).min(1, "list at least one measure"),
    weights: z
      .object({
        balance: z.number().nonnegative().default(1),
        compactness: z.number().nonnegative().default(1),
        disruption: z.number().nonnegative().default(1),
      })
      .default({ balance: 1, compactness: 1, disruption: 1 }),
    /** Measure whose moved share counts as "potential" in disruption (default: the first measure). */
    potential: z.string().optional(),
    /** Keep accounts with an open opportunity with their owner (default true). */
    lockOpenOpportunities: z.boolean().default(true),
    /** Explicit locks: account id -> rep id. */
    locked: z.record(z.string(), z.string()).default({}),
    /** Account column whose values are tags (default industry). */
    tagColumn: z.string().default("industry"),
    /** Tag values that need a rep with the same skill, e.g. ["Healthcare"]. */
    requiredSkills: z.array(z.string()).default([]),
    /** Which reps take territories: roles to include (default all active reps). */
    roles: z.array(z.string()).optional(),
    /** Plan accounts one by one, or US counties (all accounts of a county go to one rep). */
    units: z.enum(["accounts", "counties"]).default("accounts"),
    /** Account column holding the county key (FIPS) when units are counties. */
    areaColumn: z.string().default("county_fips"),
    /**
     * Keep territories compact around each rep's home, or around territory centres found first
     * (balanced k-means) and matched to reps by home distance and current book: better shapes
     * when many reps live in the same few places.
     */
    compactAround: z.enum(["home", "centre"]).default("home"),
    /** Keep each territory connected over county adjacency (units: counties only). */
    contiguity: z.boolean().default(false),
    solver: z.enum(["auto", "milp", "heuristic"]).default("auto"),
    /** Time limit in seconds. */
    timeLimit: z.number().positive().default(60),
    seed: z.number().int().default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = c.measures.map((m) => m.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup)
      ctx.addIssue({
        code: "custom",
        path: ["measures"],
        message: `measure ${dup} is listed twice`,
      });
    if (c.contiguity && c.units !== "counties") {
      ctx.addIssue({
        code: "custom",
        path: ["contiguity"],
        message: "contiguity needs geographic units: set units to counties",
      });
    }
    if (c.potential && !names.includes(c.potential)) {
      ctx.addIssue({
        code: "custom",
        path: ["potential"],
        message: `potential names no measure (have ${names.join(", ")})`,
      });
    }
  });

export type ScenarioConfig = z.infer<typeof scenarioConfigSchema>;

/** Parse a scenario config; errors name each offending path. */
export function parseScenarioConfig(
  json: unknown,
): { ok: true; config: ScenarioConfig } | { ok: false; errors: string[] } {
  const r = scenarioConfigSchema.safeParse(json);
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    errors: r.error.issues.map(
      (i) => `${i.path.length ? i.path.join(".") : "(config)"}: ${i.message}`,
    ),
  };
}
