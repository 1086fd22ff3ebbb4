/**
 * GET /v1/target-accounts: the stored target account list (`paydirt tal --save`), one page at a
 * time: filters (tier, industry, size band, region, owner, in market, search), a sort, limit and
 * offset, the total that matches. GET /v1/target-accounts/facets: the values each filter can take.
 * Everything is one DuckDB query over target_accounts joined to accounts; values are parameters.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { SIZE_BANDS } from "../../core/model/index.js";
import type { Db } from "../../io/store/db.js";
import { ident } from "../../io/store/ddl.js";
import { regionSql, sizeBandSql } from "../../io/store/summary.js";
import { listValue } from "../../io/store/values.js";
import type { ServerApp, ServerContext } from "../app.js";
import { errorResponses } from "../errors.js";

const csvList = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

export const SORTS = {
  rank: '"rank"',
  priority: "priority",
  value: '"value"',
  fit: "fit",
  timing: "timing",
  name: "name",
  employees: "employees",
  account_id: "account_id",
} as const;

export const TargetAccountsQuery = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .openapi({ description: "the list of this date (default: the latest saved)" }),
  tier: csvList.openapi({ type: "string", description: "tiers, comma separated (A,B)" }),
  industry: csvList.openapi({ type: "string", description: "industries, comma separated" }),
  sizeBand: csvList.openapi({ type: "string", description: "size bands, comma separated" }),
  region: csvList.openapi({ type: "string", description: "regions, comma separated" }),
  owner: csvList.openapi({ type: "string", description: "owner rep ids, comma separated" }),
  inMarket: z.enum(["true", "false"]).optional(),
  q: z.string().max(200).optional().openapi({ description: "search in account id and name" }),
  sort: z
    .enum(Object.keys(SORTS) as [keyof typeof SORTS, ...(keyof typeof SORTS)[]])
    .default("rank"),
  dir: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
});
export type TargetAccountsQuery = z.infer<typeof TargetAccountsQuery>;

export const TargetAccount = z
  .object({
    rank: z.number(),
    account_id: z.string(),
    name: z.string().nullable(),
    tier: z.string().nullable(),
    priority: z.number().nullable(),
    value: z.number().nullable(),
    timing: z.number().nullable(),
    fit: z.number().nullable(),
    motion: z.string().nullable(),
    in_market: z.boolean().nullable(),
    explanation: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    size_band: z.string().nullable(),
    state: z.string().nullable(),
    region: z.string().nullable(),
    owner_id: z.string().nullable(),
  })
  .openapi("TargetAccount");

export const TargetAccountsPage = z
  .object({
    asOf: z.string().nullable(),
    total: z.number(),
    offset: z.number(),
    limit: z.number(),
    rows: z.array(TargetAccount),
  })
  .openapi("TargetAccountsPage");
export type TargetAccountsPage = z.infer<typeof TargetAccountsPage>;

export const TargetAccountFacets = z
  .object({
    asOf: z.string().nullable(),
    asOfs: z.array(z.string()),
    tier: z.array(z.string()),
    industry: z.array(z.string()),
    sizeBand: z.array(z.string()),
    region: z.array(z.string()),
    owner: z.array(z.string()),
  })
  .openapi("TargetAccountFacets");

async function latest(db: Db, asOf: string | undefined): Promise<string | null> {
  if (asOf) return asOf;
  const r = await db.one<{ d: string | null }>(
    "SELECT CAST(max(as_of) AS VARCHAR) AS d FROM target_accounts",
  );
  return r?.d ?? null;
}

/**
 * The list of one date, joined to its accounts once (segment, region, owner, a search key) into a
 * temporary table of the server's read connection, kept while that connection lives, with each
 * sort's position precomputed (`pos_<sort>`: 1.. in ascending order, nulls last, ties by rank;
 * `nn_<sort>` rows have a value). A page is then a range of positions (no filter: a range scan,
 * whatever the offset) or a top-N over an integer (filters), and the page's rows joined last
 * (late materialisation). Counts per filter are kept too: nothing counts the whole table per page.
 */
interface PreparedList {
  readonly table: string;
  readonly rows: number;
  /** Rows with a value, per sort key. */
  readonly nonNull: Readonly<Record<keyof typeof SORTS, number>>;
  /** Matching rows per filter (the newest 256 filters). */
  readonly counts: Map<string, Promise<number>>;
}

const prepared = new WeakMap<Db, Map<string, Promise<PreparedList>>>();

const SORT_KEYS = Object.keys(SORTS) as (keyof typeof SORTS)[];

export function prepareList(db: Db, asOf: string): Promise<PreparedList> {
  let byDate = prepared.get(db);
  if (!byDate) {
    byDate = new Map();
    prepared.set(db, byDate);
  }
  let list = byDate.get(asOf);
  if (!list) {
    const name = `web_list_${asOf.replace(/\D/g, "")}`;
    const positions = SORT_KEYS.map(
      (k) =>
        `CAST(row_number() OVER (ORDER BY ${SORTS[k]} ASC NULLS LAST, "rank" ASC) AS INTEGER) AS ${ident(`pos_${k}`)}`,
    ).join(",\n           ");
    list = (async (): Promise<PreparedList> => {
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${ident(name)} AS
         SELECT *, ${positions} FROM (
           SELECT t."rank", t.account_id, a.name, t.tier, t.priority, t."value", t.timing, t.fit,
             t.motion, t.in_market, t.explanation, a.industry, a.employees,
             ${sizeBandSql("a.employees")} AS size_band, a.state,
             ${regionSql("a.state", "a.country")} AS region, a.owner_id,
             lower(coalesce(a.name, '') || ' ' || t.account_id) AS search
           FROM target_accounts t LEFT JOIN accounts a USING (account_id)
           WHERE t.as_of = CAST($as_of AS DATE))
         ORDER BY "rank"`,
        { as_of: asOf },
      );
      const n = await db.one<Record<string, number>>(
        `SELECT CAST(count(*) AS INTEGER) AS "rows", ${SORT_KEYS.map((k) => `CAST(count(${SORTS[k]}) AS INTEGER) AS ${ident(k)}`).join(", ")}
         FROM ${ident(name)}`,
      );
      const nonNull = Object.fromEntries(SORT_KEYS.map((k) => [k, n?.[k] ?? 0])) as Record<
        keyof typeof SORTS,
        number
      >;
      return { table: name, rows: n?.rows ?? 0, nonNull, counts: new Map() };
    })();
    byDate.set(asOf, list);
    list.catch(() => byDate?.delete(asOf));
  }
  return list;
}

const COLUMNS = `"rank", account_id, name, tier, priority, "value", timing, fit, motion, in_market,
  explanation, industry, employees, size_band, state, region, owner_id`;

/**
 * One page of the list (and the number of rows that match the filters). Descending order is the
 * ascending one reversed over the rows with a value (ties by rank, last first), nulls still last.
 */
export async function targetAccountsPage(
  db: Db,
  q: TargetAccountsQuery,
): Promise<TargetAccountsPage> {
  const asOf = await latest(db, q.asOf);
  if (!asOf) return { asOf: null, total: 0, offset: q.offset, limit: q.limit, rows: [] };
  const list = await prepareList(db, asOf);
  const table = ident(list.table);
  const where: string[] = [];
  const params: Record<string, string | number | boolean | ReturnType<typeof listValue>> = {};
  const inList = (col: string, key: string, values: readonly string[]) => {
    if (!values.length) return;
    where.push(`list_contains(CAST($${key} AS VARCHAR[]), ${col})`);
    params[key] = listValue(values);
  };
  inList("tier", "tiers", q.tier);
  inList("industry", "industries", q.industry);
  inList("size_band", "sizes", q.sizeBand);
  inList("region", "regions", q.region);
  inList("owner_id", "owners", q.owner);
  if (q.inMarket) {
    where.push("coalesce(in_market, false) = $in_market");
    params.in_market = q.inMarket === "true";
  }
  if (q.q?.trim()) {
    // A plain substring (no wildcards), case-insensitive.
    where.push("contains(search, $needle)");
    params.needle = q.q.trim().toLowerCase();
  }
  const desc = (q.dir ?? (q.sort === "rank" || q.sort === "name" ? "asc" : "desc")) === "desc";
  const posColumn = `pos_${q.sort}`;
  // The position in the asked order (an integer: ranges and top-N over it are cheap).
  const o = desc
    ? `CASE WHEN ${ident(posColumn)} <= $nn THEN $nn + 1 - ${ident(posColumn)} ELSE ${ident(posColumn)} END`
    : ident(posColumn);
  const page = { limit: q.limit, offset: q.offset, ...(desc ? { nn: list.nonNull[q.sort] } : {}) };
  if (!where.length) {
    // Positions 1..rows: the page is at most two ranges of positions (descending: the rows with a
    // value reversed, then the nulls), each a plain range the scan filters on; no sort, no count.
    const nn = list.nonNull[q.sort];
    const from = q.offset + 1;
    const to = q.offset + q.limit;
    const ranges: [number, number][] = desc
      ? [
          [Math.max(1, nn + 1 - to), nn + 1 - Math.min(from, nn + 1)],
          [Math.max(nn + 1, from), to],
        ]
      : [[from, to]];
    const parts = ranges
      .filter(([lo, hi]) => lo <= hi)
      .map(
        (_, i) =>
          `SELECT ${COLUMNS}, ${o} AS o FROM ${table} WHERE ${ident(posColumn)} BETWEEN $lo${i} AND $hi${i}`,
      );
    const bounds = Object.fromEntries(
      ranges
        .filter(([lo, hi]) => lo <= hi)
        .flatMap(([lo, hi], i) => [
          [`lo${i}`, lo],
          [`hi${i}`, hi],
        ]),
    );
    const rows = parts.length
      ? (
          await db.all<z.infer<typeof TargetAccount> & { o: number }>(
            `${parts.join(" UNION ALL ")} ORDER BY o`,
            { ...bounds, ...(desc ? { nn } : {}) },
          )
        ).map(({ o: _, ...r }) => r)
      : [];
    return { asOf, total: list.rows, offset: q.offset, limit: q.limit, rows };
  }
  const filter = `WHERE ${where.join(" AND ")}`;
  const rows = await db.all<z.infer<typeof TargetAccount>>(
    `WITH p AS (SELECT rowid AS rid, ${o} AS o FROM ${table} ${filter} ORDER BY o LIMIT $limit OFFSET $offset)
     SELECT ${COLUMNS} FROM ${table} l JOIN p ON l.rowid = p.rid ORDER BY p.o`,
    { ...params, ...page },
  );
  const key = JSON.stringify([
    q.tier,
    q.industry,
    q.sizeBand,
    q.region,
    q.owner,
    q.inMarket,
    params.needle,
  ]);
  let total = list.counts.get(key);
  if (total === undefined) {
    total =
      rows.length > 0 && rows.length < q.limit
        ? Promise.resolve(q.offset + rows.length) // the last page: the count is known
        : db
            .one<{ n: number }>(
              `SELECT CAST(count(*) AS INTEGER) AS n FROM ${table} ${filter}`,
              params,
            )
            .then((r) => r?.n ?? 0);
    list.counts.set(key, total);
    total.catch(() => list.counts.delete(key));
    if (list.counts.size > 256) {
      const oldest = list.counts.keys().next().value;
      if (oldest !== undefined) list.counts.delete(oldest);
    }
  }
  return { asOf, total: await total, offset: q.offset, limit: q.limit, rows };
}

const listRoute = createRoute({
  method: "get",
  path: "/v1/target-accounts",
  tags: ["target accounts"],
  summary: "One page of the target account list, filtered and sorted on the server",
  security: [{ bearer: [] }],
  request: { query: TargetAccountsQuery },
  responses: {
    200: { description: "a page", content: { "application/json": { schema: TargetAccountsPage } } },
    ...errorResponses,
  },
});

const facetsRoute = createRoute({
  method: "get",
  path: "/v1/target-accounts/facets",
  tags: ["target accounts"],
  summary: "The values each filter of the list can take",
  security: [{ bearer: [] }],
  request: { query: z.object({ asOf: TargetAccountsQuery.shape.asOf }) },
  responses: {
    200: {
      description: "facets",
      content: { "application/json": { schema: TargetAccountFacets } },
    },
    ...errorResponses,
  },
});

export function register(app: ServerApp, ctx: ServerContext): void {
  // Join the latest list once now (seconds for a million rows), not at the first page asked for.
  void ctx.store
    .read(async (db, store) => {
      if (!(await store.hasTable("target_accounts"))) return;
      const asOf = await latest(db, undefined);
      if (asOf) await prepareList(db, asOf);
    })
    .catch(() => undefined);
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const body = await ctx.store.read(async (db, store) =>
      (await store.hasTable("target_accounts"))
        ? targetAccountsPage(db, q)
        : { asOf: null, total: 0, offset: q.offset, limit: q.limit, rows: [] },
    );
    return c.json(body, 200);
  });
  app.openapi(facetsRoute, async (c) => {
    const { asOf: given } = c.req.valid("query");
    const body = await ctx.store.read(async (db, store) => {
      const empty = {
        asOf: null,
        asOfs: [],
        tier: [],
        industry: [],
        sizeBand: [],
        region: [],
        owner: [],
      };
      if (!(await store.hasTable("target_accounts"))) return empty;
      const asOf = await latest(db, given);
      if (!asOf) return empty;
      const asOfs = (
        await db.all<{ d: string }>(
          "SELECT DISTINCT CAST(as_of AS VARCHAR) AS d FROM target_accounts ORDER BY d DESC",
        )
      ).map((r) => r.d);
      const table = ident((await prepareList(db, asOf)).table);
      const values = async (column: string) =>
        (
          await db.all<{ v: string }>(
            `SELECT DISTINCT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY v`,
          )
        ).map((r) => r.v);
      const bands = new Set(await values("size_band"));
      return {
        asOf,
        asOfs,
        tier: await values("tier"),
        industry: await values("industry"),
        sizeBand: SIZE_BANDS.map((b) => b.label).filter((b) => bands.has(b)),
        region: await values("region"),
        owner: await values("owner_id"),
      };
    });
    return c.json(body, 200);
  });
}
