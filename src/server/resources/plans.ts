/**
 * Territory plans: the stored scenarios (`paydirt plan create`), one plan with its balance per
 * rep and measure, its assignments page by page, the plan rebuilt for editing in the browser
 * (the portable problem: the browser runs the same validator and report), saving a hand-edited
 * plan as a new scenario (checked again here by the core validator), and comparing two plans.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzipSync, gzip as zlibGzip } from "node:zlib";
import { createRoute, z } from "@hono/zod-openapi";
import { type PlanReport, planReport } from "../../core/planning/report.js";
import { encodePortable } from "../../core/planning/scenario/portable-bytes.js";
import { scenarioName } from "../../core/requests/plan.js";
import { type EditableScenario, loadEditable, saveEditedScenario } from "../../io/plan/edit.js";
import { listScenarios, loadScenario, type ScenarioRow } from "../../io/plan/scenarios.js";
import type { Db } from "../../io/store/db.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses, IssueOut } from "../errors.js";

const Name = z.object({
  name: z
    .string()
    .pipe(scenarioName)
    .openapi({ param: { name: "name", in: "path" }, example: "demo" }),
});

export const PlanListItem = z
  .object({
    name: z.string(),
    created_at: z.string(),
    solver: z.string(),
    status: z.string(),
    objective: z.number().nullable(),
    gap: z.number().nullable(),
    seconds: z.number(),
    issues: z.number(),
  })
  .openapi("PlanListItem");

export const RepOut = z.object({
  id: z.string(),
  name: z.string().nullable(),
  accounts: z.number(),
  loads: z.array(z.number()),
  ofTarget: z.array(z.number().nullable()),
  gained: z.number(),
  lost: z.number(),
  meanDistance: z.number().nullable(),
});

export const PlanDetail = z
  .object({
    name: z.string(),
    created_at: z.string(),
    solver: z.string(),
    status: z.string(),
    objective: z.number().nullable(),
    bound: z.number().nullable(),
    gap: z.number().nullable(),
    seconds: z.number(),
    config: z.record(z.string(), z.unknown()),
    measures: z.array(
      z.object({
        name: z.string(),
        tolerance: z.number().nullable(),
        min: z.number(),
        max: z.number(),
        cv: z.number(),
        worstDeviation: z.number(),
      }),
    ),
    valid: z.boolean().nullable(),
    movedUnits: z.number().nullable(),
    meanDistance: z.number().nullable(),
    terms: z.array(z.object({ name: z.string(), weight: z.number(), value: z.number() })),
    reps: z.array(RepOut),
    issues: z.array(IssueOut),
    notes: z.array(z.string()),
  })
  .openapi("PlanDetail");
type PlanDetail = z.infer<typeof PlanDetail>;

const Assignment = z.object({
  account_id: z.string(),
  old_owner: z.string().nullable(),
  new_owner: z.string().nullable(),
  locked: z.string().nullable(),
  reason: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

const AssignmentsQuery = z.object({
  owner: z.string().max(200).optional(),
  changed: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const SaveEdit = z
  .object({
    name: scenarioName,
    /** Account id -> rep id, applied to the base plan. */
    moves: z.record(z.string().min(1).max(200), z.string().min(1).max(200)),
    replace: z.boolean().default(false),
  })
  .openapi("PlanEdit");

const Portable = z.record(z.string(), z.unknown()).openapi("PortableScenario", {
  description:
    "the plan's problem as JSON arrays (src/core/planning/scenario/portable.ts): rebuild it with fromPortable and check edits with the core report",
});

interface Serialised {
  readonly etag: string;
  /** gzip of the JSON form, made when first asked for. */
  json(): Promise<Buffer>;
  /** gzip of the binary form (portable-bytes, with the plan's report), made at once. */
  readonly bytes: Buffer;
}

/** Media type of the binary form of a plan model (src/core/planning/scenario/portable-bytes.ts). */
export const SCENARIO_BYTES = "application/vnd.paydirt.scenario";

/**
 * The model compressed once (zlib's thread pool, off the event loop): the binary form with the
 * report of the plan as rebuilt (the browser draws it without recomputing), and the JSON form.
 */
async function serialise(e: EditableScenario, areas: (string | null)[]): Promise<Serialised> {
  const gzip = promisify(zlibGzip);
  const report = planReport(e.model.problem, e.model.rules, e.assign);
  const raw = encodePortable(e.portable, { report, areas });
  const etag = `"${createHash("sha1").update(raw).digest("base64url")}"`;
  const bytes = await gzip(raw, { level: 6 });
  let json: Promise<Buffer> | undefined;
  return { etag, bytes, json: () => (json ??= gzip(JSON.stringify(e.portable), { level: 6 })) };
}

/** A county key as us-atlas spells it: five digits (a number loses its leading zero). */
const fips = (v: string | null) => (v !== null && /^\d{4}$/.test(v) ? `0${v}` : v);

/**
 * The county of each of the plan's accounts, for the map's fills: the plan's own areas when its
 * units are counties, else the accounts' county_fips column when the store has one.
 */
async function accountAreas(db: Db, e: EditableScenario): Promise<(string | null)[]> {
  if (e.config.units === "counties") {
    const byId = new Map(e.accounts.map((a) => [a.id, fips(a.area)]));
    return e.portable.accountIds.map((id) => byId.get(id) ?? null);
  }
  const has = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'accounts_versions' AND column_name = $column AND database_name = current_database()",
    { column: "county_fips" },
  );
  if (!has?.n) return e.portable.accountIds.map(() => null);
  const rows = await db.all<{ id: string; area: string | null }>(
    "SELECT account_id AS id, CAST(county_fips AS VARCHAR) AS area FROM accounts",
  );
  const byId = new Map(rows.map((r) => [r.id, fips(r.area)]));
  return e.portable.accountIds.map((id) => byId.get(id) ?? null);
}

const fin = (v: number | undefined | null) =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

/** The detail of a stored plan (from its stored report; nothing is recomputed). */
async function planDetail(db: Db, name: string): Promise<PlanDetail> {
  // The head only (the assignments are paged separately).
  const head = await db.one<ScenarioRow>(
    `SELECT name, CAST(created_at AS VARCHAR) AS created_at, solver, status, objective, bound, gap, seconds,
       CAST(config AS VARCHAR) AS config, CAST(summary AS VARCHAR) AS summary,
       CAST(issues AS VARCHAR) AS issues, CAST(notes AS VARCHAR) AS notes
     FROM plan_scenarios WHERE name = $name`,
    { name },
  );
  if (!head) throw await loadScenario(db, name).then(() => new Error(`no scenario ${name}`));
  const summary = JSON.parse(head.summary) as {
    measureNames: string[];
    repIds: string[];
    report?: PlanReport;
  };
  const config = JSON.parse(head.config) as {
    measures?: { name: string; tolerance?: number }[];
  };
  const names = new Map(
    (await db.all<{ rep_id: string; name: string | null }>("SELECT rep_id, name FROM reps")).map(
      (r) => [r.rep_id, r.name],
    ),
  );
  const r = summary.report;
  const tol = new Map((config.measures ?? []).map((m) => [m.name, m.tolerance ?? null]));
  return {
    name: head.name,
    created_at: head.created_at,
    solver: head.solver,
    status: head.status,
    objective: head.objective,
    bound: head.bound,
    gap: head.gap,
    seconds: head.seconds,
    config: config as Record<string, unknown>,
    measures: (r?.measures ?? []).map((m) => ({
      name: m.measure,
      tolerance: tol.get(m.measure) ?? null,
      min: m.min,
      max: m.max,
      cv: m.cv,
      worstDeviation: m.worstDeviation,
    })),
    valid: r ? r.valid : null,
    movedUnits: fin(r?.movedUnits),
    meanDistance: fin(r?.meanDistance),
    terms: (r?.terms ?? []).map((t) => ({ ...t })),
    reps: (r?.books ?? []).map((b) => {
      const id = summary.repIds[b.rep] ?? String(b.rep);
      return {
        id,
        name: names.get(id) ?? null,
        accounts: b.units,
        loads: [...b.loads],
        ofTarget: b.ofTarget.map((v) => fin(v)),
        gained: b.gained,
        lost: b.lost,
        meanDistance: fin(b.meanDistance),
      };
    }),
    issues: JSON.parse(head.issues) as z.infer<typeof IssueOut>[],
    notes: JSON.parse(head.notes) as string[],
  };
}

const sec = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  200: { description, content: { "application/json": { schema } } },
  ...errorResponses,
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/plans",
  tags: ["plans"],
  summary: "Stored territory plans, newest first",
  security: sec,
  responses: json(z.object({ plans: z.array(PlanListItem) }), "plans"),
});
const showRoute = createRoute({
  method: "get",
  path: "/v1/plans/{name}",
  tags: ["plans"],
  summary: "One plan: balance per measure and rep, objectives, violations",
  security: sec,
  request: { params: Name },
  responses: json(PlanDetail, "the plan"),
});
const assignmentsRoute = createRoute({
  method: "get",
  path: "/v1/plans/{name}/assignments",
  tags: ["plans"],
  summary: "A plan's accounts with old and new owner, page by page",
  security: sec,
  request: { params: Name, query: AssignmentsQuery },
  responses: json(
    z.object({ total: z.number(), rows: z.array(Assignment) }),
    "a page of assignments",
  ),
});
const modelRoute = createRoute({
  method: "get",
  path: "/v1/plans/{name}/model",
  tags: ["plans"],
  summary:
    "The plan rebuilt for editing: its problem as JSON, for the core validator in the browser",
  description:
    "With `Accept: application/vnd.paydirt.scenario` the same scenario comes as bytes (a JSON head and float64/int32 columns, src/core/planning/scenario/portable-bytes.ts) with the report of the plan as rebuilt. Compressed (gzip) and tagged (ETag): ask again with If-None-Match.",
  security: sec,
  request: { params: Name },
  responses: json(Portable, "the portable scenario"),
});
const saveRoute = createRoute({
  method: "post",
  path: "/v1/plans/{name}/edits",
  tags: ["plans"],
  summary:
    "Save the plan with accounts moved by hand as a new scenario (checked by the core validator)",
  security: sec,
  request: {
    params: Name,
    body: { required: true, content: { "application/json": { schema: SaveEdit } } },
  },
  responses: {
    201: {
      description: "saved",
      content: {
        "application/json": {
          schema: z.object({
            name: z.string(),
            moved: z.number(),
            status: z.string(),
            valid: z.boolean(),
            issues: z.array(IssueOut),
          }),
        },
      },
    },
    ...errorResponses,
  },
});
const compareRoute = createRoute({
  method: "get",
  path: "/v1/plans/compare",
  tags: ["plans"],
  summary: "Two plans side by side and the accounts whose owner differs",
  security: sec,
  request: {
    query: z.object({
      a: scenarioName,
      b: scenarioName,
      limit: z.coerce.number().int().min(0).max(100_000).default(200),
    }),
  },
  responses: json(
    z.object({
      a: PlanDetail,
      b: PlanDetail,
      differing: z.number(),
      moved: z.array(
        z.object({
          account_id: z.string(),
          owner_a: z.string().nullable(),
          owner_b: z.string().nullable(),
          reason_b: z.string().nullable(),
          latitude: z.number().nullable(),
          longitude: z.number().nullable(),
        }),
      ),
    }),
    "the comparison",
  ),
});

export function register(app: ServerApp, ctx: ServerContext): void {
  /** Rebuilt scenarios by name (the store changes only through this server's writes). */
  const editable = new Map<string, Promise<EditableScenario>>();
  /** Each rebuilt plan serialised and compressed once (megabytes for tens of thousands of accounts). */
  const json = new WeakMap<EditableScenario, Promise<Serialised>>();
  const serialised = (e: EditableScenario) => {
    let s = json.get(e);
    if (!s) {
      s = ctx.store.read((db) => accountAreas(db, e)).then((a) => serialise(e, a));
      json.set(e, s);
    }
    return s;
  };
  const getEditable = (name: string) => {
    let e = editable.get(name);
    if (!e) {
      e = ctx.store.read((db) => loadEditable(db, name));
      editable.set(name, e);
      e.catch(() => editable.delete(name));
    }
    return e;
  };

  // Rebuilding a large plan takes seconds (inputs, territory centres): prepare the newest one now
  // (and its compressed JSON), so that the territory page of a fresh server opens at once.
  void ctx.store
    .read((db) => listScenarios(db))
    .then((rows) => (rows[0] ? getEditable(rows[0].name).then(serialised) : undefined))
    .catch(() => undefined);

  app.openapi(listRoute, async (c) => {
    const rows = await ctx.store.read((db) => listScenarios(db));
    return c.json(
      {
        plans: rows.map((r) => ({
          name: r.name,
          created_at: r.created_at,
          solver: r.solver,
          status: r.status,
          objective: fin(r.objective),
          gap: fin(r.gap),
          seconds: r.seconds,
          issues: (JSON.parse(r.issues || "[]") as unknown[]).length,
        })),
      },
      200,
    );
  });
  app.openapi(compareRoute, async (c) => {
    const q = c.req.valid("query");
    const body = await ctx.store.read(async (db) => {
      const a = await planDetail(db, q.a);
      const b = await planDetail(db, q.b);
      const params = { a: q.a, b: q.b, limit: q.limit };
      const diff = `FROM plan_assignments x JOIN plan_assignments y USING (account_id)
        WHERE x.scenario = $a AND y.scenario = $b AND x.new_owner IS DISTINCT FROM y.new_owner`;
      const n = await db.one<{ n: number }>(`SELECT count(*) AS n ${diff}`, params);
      const moved = await db.all<{
        account_id: string;
        owner_a: string | null;
        owner_b: string | null;
        reason_b: string | null;
        latitude: number | null;
        longitude: number | null;
      }>(
        `SELECT account_id, x.new_owner AS owner_a, y.new_owner AS owner_b, y.reason AS reason_b,
           y.latitude, y.longitude ${diff} ORDER BY account_id LIMIT $limit`,
        params,
      );
      return { a, b, differing: n?.n ?? 0, moved };
    });
    return c.json(body, 200);
  });
  app.openapi(showRoute, async (c) => {
    const { name } = c.req.valid("param");
    return c.json(await ctx.store.read((db) => planDetail(db, name)), 200);
  });
  app.openapi(assignmentsRoute, async (c) => {
    const { name } = c.req.valid("param");
    const q = c.req.valid("query");
    const body = await ctx.store.read(async (db) => {
      const exists = await db.one("SELECT 1 AS x FROM plan_scenarios WHERE name = $name", { name });
      if (!exists) await loadScenario(db, name); // throws scenario_not_found with the names
      const where = [
        "scenario = $name",
        ...(q.owner ? ["new_owner = $owner"] : []),
        ...(q.changed
          ? [
              q.changed === "true"
                ? "old_owner IS DISTINCT FROM new_owner"
                : "old_owner IS NOT DISTINCT FROM new_owner",
            ]
          : []),
      ].join(" AND ");
      const params = { name, owner: q.owner ?? "", limit: q.limit, offset: q.offset };
      const total = await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM plan_assignments WHERE ${where}`,
        params,
      );
      const rows = await db.all<z.infer<typeof Assignment>>(
        `SELECT account_id, old_owner, new_owner, locked, reason, latitude, longitude
         FROM plan_assignments WHERE ${where} ORDER BY account_id LIMIT $limit OFFSET $offset`,
        params,
      );
      return { total: total?.n ?? 0, rows };
    });
    return c.json(body, 200);
  });
  app.openapi(modelRoute, async (c) => {
    const { name } = c.req.valid("param");
    const e = await getEditable(name);
    const body = await serialised(e);
    const binary = (c.req.header("accept") ?? "").includes(SCENARIO_BYTES);
    const etag = binary ? body.etag.replace(/"$/, '-b"') : body.etag;
    // The browser keeps the model and asks again with its tag: an unchanged plan costs a 304.
    const headers: Record<string, string> = {
      "content-type": binary ? SCENARIO_BYTES : "application/json",
      etag,
      "cache-control": "private, no-cache",
      vary: "Accept, Accept-Encoding",
    };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers) as never;
    const gz = binary ? body.bytes : await body.json();
    if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? ""))
      return c.body(new Uint8Array(gz), 200, { ...headers, "content-encoding": "gzip" }) as never;
    return c.body(new Uint8Array(gunzipSync(gz)), 200, headers) as never;
  });
  app.openapi(saveRoute, async (c) => {
    const { name: base } = c.req.valid("param");
    const body = c.req.valid("json");
    const e = await getEditable(base);
    const saved = await ctx.store.write((db) =>
      saveEditedScenario(db, e, body.name, body.moves, { replace: body.replace }),
    );
    editable.delete(body.name);
    const report = saved.record.summary.report;
    return c.json(
      {
        name: saved.name,
        moved: saved.moved,
        status: saved.record.status,
        valid: report?.valid ?? false,
        issues: [...saved.record.issues],
      },
      201,
    );
  });
}
