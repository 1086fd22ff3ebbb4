import { z } from "zod";
import { type Issue, type IssueCode, isIssueCode, issue } from "../../issues.js";
import { didYouMean } from "../../suggest.js";

/** Longest time limit a scenario may ask for (seconds): a day. */
export const MAX_TIME_LIMIT = 86_400;

/** One activity measure computed per account. */
const measureShape = z.strictObject({
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
});
const measure = measureShape.refine((m) => (m.column ? !m.count : m.count === true), {
  message: "a measure needs exactly one of `column` or `count: true`",
});

/** A named (strategic) account and the rep it goes to before any territory is drawn. */
const namedShape = z.strictObject({ account: z.string().min(1), rep: z.string().min(1) });

/**
 * Overlay specialists of one product line: after the territory plan, each AE's patch (its
 * accounts of the line) goes whole to one specialist, balanced among the specialists by the
 * line's value and account count. The coverage check then proves every account of the line has
 * exactly one specialist (role `overlay:<product>`).
 */
const overlayShape = z.strictObject({
  /** Product line the specialists sell (coverage role `overlay:<product>`). */
  product: z.string().min(1),
  /** Numeric account column: an account belongs to the line when its value is above `above`. */
  column: z.string().min(1),
  /** Threshold of `column` (default 0: any positive value). */
  above: z.number().default(0),
  /** Rep ids of the line's specialists; they take no territory of their own. */
  specialists: z.array(z.string().min(1)).min(1, "list at least one specialist"),
  /** Each specialist's value and account count within +-this of its share (capacity). */
  tolerance: z.number().positive().max(10).default(0.25),
});

/**
 * The sales organisation a plan respects: reps in regions (explicit lists, or each rep's `team`
 * column), each region's measures within a band, patches kept within their region, and named
 * accounts carved out first for their owners.
 */
const orgShape = z.strictObject({
  /** Rep ids per region, or "team": each rep's team column names its region. */
  regions: z
    .union([z.literal("team"), z.record(z.string().min(1), z.array(z.string().min(1)))])
    .optional(),
  /** Each region's load of every measure within +-this of the sum of its reps' targets. */
  regionTolerance: z.number().positive().max(10).optional(),
  /**
   * Account column naming each account's region: a patch then stays within its region (accounts
   * whose value names no region may go to any rep).
   */
  regionColumn: z.string().min(1).optional(),
  /** Named accounts: each goes to its rep first (accounts as units only). */
  named: z.array(namedShape).default([]),
  /** Reps who take only their named accounts and no territory. */
  namedOnly: z.array(z.string().min(1)).default([]),
  /** Overlay specialists by product line, assigned across the AEs' patches (see overlayShape). */
  overlays: z.array(overlayShape).default([]),
});

const weightsShape = z.strictObject({
  balance: z.number().nonnegative().default(1),
  compactness: z.number().nonnegative().default(1),
  disruption: z.number().nonnegative().default(1),
});

/** The JSON configuration of a planning scenario. */
const scenarioConfigShape = {
  measures: z.array(measure).min(1, "list at least one measure"),
  weights: weightsShape.default({ balance: 1, compactness: 1, disruption: 1 }),
  /** Measure whose moved share counts as "potential" in disruption (default: the first measure). */
  potential: z.string().optional(),
  /** Keep accounts with an open opportunity with their owner (default true). */
  lockOpenOpportunities: z.boolean().default(true),
  /** Explicit locks: account id -> rep id. */
  locked: z.record(z.string(), z.string()).default({}),
  /**
   * Areas pinned to a rep (units counties or zips): ZIP code or county FIPS -> rep id. An area the
   * data set does not hold is an error (area_unknown) naming it.
   */
  lockedAreas: z.record(z.string(), z.string()).default({}),
  /** Account column whose values are tags (default industry). */
  tagColumn: z.string().default("industry"),
  /** Tag values that need a rep with the same skill, e.g. ["Healthcare"]. */
  requiredSkills: z.array(z.string()).default([]),
  /** Which reps take territories: roles to include (default all active reps). */
  roles: z.array(z.string()).optional(),
  /**
   * Plan accounts one by one, or US counties or ZIP codes (all accounts of a county or ZIP go to
   * one rep: ZIP patches).
   */
  units: z.enum(["accounts", "counties", "zips"]).default("accounts"),
  /**
   * Account column holding each account's area key: county FIPS for counties (default
   * county_fips), ZIP code for zips (default postal_code; ZIP+4 is read as its ZIP).
   */
  areaColumn: z.string().min(1).optional(),
  /**
   * Keep territories compact around each rep's home, or around territory centres found first
   * (balanced k-means) and matched to reps by home distance and current book: better shapes
   * when many reps live in the same few places.
   */
  // One spelling, "centre"; "center" is read as the same (US spelling, configs written by hand).
  compactAround: z
    .preprocess((v) => (v === "center" ? "centre" : v), z.enum(["home", "centre"]))
    .default("home"),
  /** Keep each territory connected over area adjacency (units: counties or zips only). */
  contiguity: z.boolean().default(false),
  /** Hierarchy and named accounts (see orgShape); omit for one level of reps. */
  org: orgShape.optional(),
  solver: z.enum(["auto", "milp", "heuristic"]).default("auto"),
  /** Time limit in seconds (at most a day). */
  timeLimit: z.number().positive().max(MAX_TIME_LIMIT).default(60),
  seed: z.number().int().default(1),
};

/**
 * Zod `params` of a cross-field check that has its own issue code (and the ids it names);
 * parseScenarioConfig reports it under that code instead of config_invalid.
 */
const coded = (code: IssueCode, ids: Record<string, string>) => ({ code, ids });

/** The JSON configuration of a planning scenario (strict at every depth). */
export const scenarioConfigSchema = z.strictObject(scenarioConfigShape).superRefine((c, ctx) => {
  const names = c.measures.map((m) => m.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    ctx.addIssue({
      code: "custom",
      path: ["measures"],
      message: `measure ${dup} is listed twice`,
    });
  if (Object.keys(c.lockedAreas).length && c.units === "accounts")
    ctx.addIssue({
      code: "custom",
      path: ["lockedAreas"],
      message:
        "lockedAreas pin areas: set units to counties or zips (or lock accounts with locked)",
    });
  if (c.contiguity && c.units === "accounts") {
    ctx.addIssue({
      code: "custom",
      path: ["contiguity"],
      message: "contiguity needs geographic units: set units to counties or zips",
    });
  }
  const org = c.org;
  if (org && !org.regions && (org.regionTolerance !== undefined || org.regionColumn)) {
    ctx.addIssue({
      code: "custom",
      path: ["org", org.regionTolerance !== undefined ? "regionTolerance" : "regionColumn"],
      message: "regionTolerance and regionColumn need org.regions",
    });
  }
  if (org?.named.length && c.units !== "accounts") {
    ctx.addIssue({
      code: "custom",
      path: ["org", "named"],
      message: "named accounts are carved out of account units: set units to accounts",
    });
  }
  const seenNamed = new Map<string, number>();
  org?.named.forEach((n, i) => {
    const before = seenNamed.get(n.account);
    if (before !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["org", "named", i, "account"],
        message: `named account ${n.account} is listed twice (named[${before}] and named[${i}])`,
        params: coded("org_named_duplicate", { account_id: n.account }),
      });
    else seenNamed.set(n.account, i);
  });
  if (org?.regions && org.regions !== "team") {
    const regionOf = new Map<string, string>();
    for (const [region, reps] of Object.entries(org.regions))
      reps.forEach((rep, i) => {
        const before = regionOf.get(rep);
        if (before !== undefined && before !== region)
          ctx.addIssue({
            code: "custom",
            path: ["org", "regions", region, i],
            message: `rep ${rep} is in two regions: ${before} and ${region}`,
            params: coded("org_rep_in_two_teams", { rep_id: rep }),
          });
        else regionOf.set(rep, region);
      });
  }
  if (org?.overlays.length) overlayChecks(org, ctx);
  if (c.potential && !names.includes(c.potential)) {
    ctx.addIssue({
      code: "custom",
      path: ["potential"],
      message: `potential names no measure (have ${names.join(", ")})`,
    });
  }
});

export type ScenarioConfig = z.infer<typeof scenarioConfigSchema>;

/**
 * Overlays name each product line once and each specialist once, and a specialist takes no
 * territory: it is in no region list, holds no named account and is no named-only rep.
 */
function overlayChecks(org: z.infer<typeof orgShape>, ctx: z.RefinementCtx): void {
  const territory = new Map<string, string>();
  for (const id of org.namedOnly) territory.set(id, "org.namedOnly");
  for (const n of org.named) territory.set(n.rep, "org.named");
  if (org.regions && org.regions !== "team")
    for (const [region, reps] of Object.entries(org.regions))
      for (const id of reps) territory.set(id, `org.regions.${region}`);
  const products = new Map<string, number>();
  const specialistAt = new Map<string, number>();
  org.overlays.forEach((o, i) => {
    const before = products.get(o.product);
    if (before !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["org", "overlays", i, "product"],
        message: `product line ${o.product} is listed twice (overlays[${before}] and overlays[${i}])`,
        params: coded("overlay_duplicate", { product: o.product }),
      });
    else products.set(o.product, i);
    o.specialists.forEach((id, j) => {
      const at = specialistAt.get(id);
      const path = ["org", "overlays", i, "specialists", j];
      if (at !== undefined)
        ctx.addIssue({
          code: "custom",
          path,
          message: `specialist ${id} is listed twice (overlays[${at}] and overlays[${i}])`,
          params: coded("overlay_duplicate", { rep_id: id }),
        });
      else specialistAt.set(id, i);
      const place = territory.get(id);
      if (place)
        ctx.addIssue({
          code: "custom",
          path,
          message: `specialist ${id} also takes territory (${place}): an overlay specialist covers AE patches only`,
          params: coded("overlay_specialist_territory", { rep_id: id }),
        });
    });
  });
}

/** The account column holding area keys for a config's units (undefined for account units). */
export function areaColumnOf(config: ScenarioConfig): string | undefined {
  if (config.units === "accounts") return undefined;
  return config.areaColumn ?? (config.units === "zips" ? "postal_code" : "county_fips");
}

/** Keys each object of the config knows, by where it sits (for "did you mean"). */
function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(scenarioConfigShape);
  if (path[0] === "measures" && path.length === 2) return Object.keys(measureShape.shape);
  if (path[0] === "weights" && path.length === 1) return Object.keys(weightsShape.shape);
  if (path[0] === "org" && path.length === 1) return Object.keys(orgShape.shape);
  if (path[0] === "org" && path[1] === "named" && path.length === 3)
    return Object.keys(namedShape.shape);
  if (path[0] === "org" && path[1] === "overlays" && path.length === 3)
    return Object.keys(overlayShape.shape);
  return [];
}

/** A scenario config, or coded issues each naming its JSON path (`measures[1].tolerence`). */
export function parseScenarioConfig(
  json: unknown,
  file?: string,
): { ok: true; config: ScenarioConfig } | { ok: false; issues: Issue[] } {
  const r = scenarioConfigSchema.safeParse(json);
  if (r.success) return { ok: true, config: r.data };
  const issues: Issue[] = [];
  for (const i of r.error.issues) {
    const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    if (i.code === "unrecognized_keys") {
      for (const key of i.keys) {
        const hint = didYouMean(key, knownKeys(i.path));
        issues.push(
          issue(
            "config_unknown_key",
            `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
            {
              path: { ...(file ? { file } : {}), json: [...path, key] },
              ...(hint ? { data: { suggestion: hint } } : {}),
            },
          ),
        );
      }
    } else {
      const own =
        i.code === "custom" ? (i.params as ReturnType<typeof coded> | undefined) : undefined;
      issues.push(
        issue(own && isIssueCode(own.code) ? own.code : "config_invalid", i.message, {
          path: { ...(file ? { file } : {}), json: path },
          ...(own ? { ids: own.ids } : {}),
        }),
      );
    }
  }
  return { ok: false, issues };
}

/**
 * A scenario config from the text of a JSON file: a byte-order mark is accepted, malformed JSON is
 * an issue with its line and column.
 */
export function parseScenarioConfigText(
  text: string,
  file?: string,
): { ok: true; config: ScenarioConfig } | { ok: false; issues: Issue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const pos = at ? Number(at[1]) : -1;
    const before = pos >= 0 ? body.slice(0, pos) : "";
    const line = pos >= 0 ? before.split("\n").length : undefined;
    const column = pos >= 0 ? pos - before.lastIndexOf("\n") : undefined;
    return {
      ok: false,
      issues: [
        issue("config_json", `not valid JSON: ${msg}`, {
          path: { ...(file ? { file } : {}), ...(line ? { line, column } : {}) },
        }),
      ],
    };
  }
  return parseScenarioConfig(json, file);
}
