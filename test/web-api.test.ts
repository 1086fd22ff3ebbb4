/**
 * The web app's read endpoints in-process (`app.request`, no sockets) on a small synthetic store:
 * the token is required; figures equal the store's own counts; the target list's pages put
 * together are the whole list in rank order, filters and search return exactly the matching
 * rows, bad queries are coded 400s; the plan rebuilt from /model and checked by the core report
 * (what the browser runs) gives the stored plan's figures; an edit is checked again and saved
 * (unknown accounts or reps: 422, nothing stored; an existing name: 409).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMoves,
  fromPortable,
  type PortableScenario,
  reportPlan,
} from "../src/core/planning/scenario/portable.js";
import { decodePortable } from "../src/core/planning/scenario/portable-bytes.js";
import { Store } from "../src/io/store/store.js";
import { createApp } from "../src/server/app.js";
import { SCENARIO_BYTES } from "../src/server/resources/plans.js";
import { StoreHandle } from "../src/server/store-handle.js";
import { WEB_RESOURCES } from "../src/server/web.js";
import { makeStore } from "./web/harness.js";

const TOKEN = "api-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

let dir: string;
let db: string;
let handle: StoreHandle;
let app: ReturnType<typeof createApp>;

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const r = await app.request(path, { headers: auth });
  return { status: r.status, body: (await r.json()) as T };
}

async function sql<T>(q: string, params?: Record<string, string>): Promise<T[]> {
  return handle.read((d) => d.all<T>(q, params));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "paydirt-web-api-"));
  db = await makeStore(dir, 700, 5);
  handle = new StoreHandle(db);
  app = createApp({ store: handle, routing: null }, { token: TOKEN, resources: WEB_RESOURCES });
}, 600_000);

afterAll(async () => {
  await handle?.close();
  expect(Store.openFiles()).toBe(0);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("web API", () => {
  it("refuses every web route without the right token", async () => {
    for (const path of [
      "/v1/overview",
      "/v1/icp/segments",
      "/v1/target-accounts",
      "/v1/target-accounts/facets",
      "/v1/plans",
      "/v1/plans/demo",
      "/v1/plans/demo/model",
    ]) {
      const none = await app.request(path);
      expect(none.status, path).toBe(401);
      const wrong = await app.request(path, { headers: { authorization: "Bearer x".repeat(3) } });
      expect(wrong.status, path).toBe(401);
      expect(((await wrong.json()) as { code: string }).code).toBe("request_unauthorized");
    }
    const post = await app.request("/v1/plans/demo/edits", {
      method: "POST",
      body: JSON.stringify({ name: "x", moves: {} }),
    });
    expect(post.status).toBe(401);
  });

  it("the overview's figures are the store's", async () => {
    const { status, body } = await get<{
      accounts: number;
      opportunities: { won: number; lost: number; winRate: number };
      targetList: { accounts: number } | null;
      plans: { name: string }[];
    }>("/v1/overview");
    expect(status).toBe(200);
    const [c] = await sql<{ a: number; w: number; l: number; t: number }>(
      `SELECT (SELECT count(*) FROM accounts) AS a,
        (SELECT count(*) FROM opportunities WHERE status = 'won') AS w,
        (SELECT count(*) FROM opportunities WHERE status = 'lost') AS l,
        (SELECT count(*) FROM target_accounts WHERE as_of = (SELECT max(as_of) FROM target_accounts)) AS t`,
    );
    expect(body.accounts).toBe(c?.a);
    expect(body.opportunities.won).toBe(c?.w);
    expect(body.opportunities.winRate).toBeCloseTo((c?.w ?? 0) / ((c?.w ?? 0) + (c?.l ?? 1)), 12);
    expect(body.targetList?.accounts).toBe(c?.t);
    expect(body.plans.map((p) => p.name)).toContain("demo");
  });

  it("pages of the target list put together are the whole list in rank order", async () => {
    const all: { rank: number; account_id: string }[] = [];
    let total = -1;
    for (let offset = 0; total < 0 || offset < total; offset += 97) {
      const { status, body } = await get<{
        total: number;
        rows: { rank: number; account_id: string }[];
      }>(`/v1/target-accounts?limit=97&offset=${offset}`);
      expect(status).toBe(200);
      total = body.total;
      all.push(...body.rows);
    }
    const want = await sql<{ rank: number; account_id: string }>(
      `SELECT "rank", account_id FROM target_accounts WHERE as_of = (SELECT max(as_of) FROM target_accounts) ORDER BY "rank"`,
    );
    expect(all.map((r) => r.rank)).toEqual(want.map((w) => w.rank));
    expect(all.map((r) => r.account_id)).toEqual(want.map((w) => w.account_id));
  });

  it("filters, search and sorting return exactly the matching rows", async () => {
    const tierA = await get<{ total: number; rows: { tier: string }[] }>(
      "/v1/target-accounts?tier=A&limit=1000",
    );
    const [n] = await sql<{ n: number }>(
      "SELECT count(*) AS n FROM target_accounts WHERE tier = 'A' AND as_of = (SELECT max(as_of) FROM target_accounts)",
    );
    expect(tierA.body.total).toBe(n?.n);
    expect(tierA.body.rows.every((r) => r.tier === "A")).toBe(true);
    const facets = await get<{ industry: string[]; owner: string[] }>("/v1/target-accounts/facets");
    const industry = facets.body.industry[0] ?? "";
    const owner = facets.body.owner[0] ?? "";
    const both = await get<{ total: number; rows: { industry: string; owner_id: string }[] }>(
      `/v1/target-accounts?industry=${encodeURIComponent(industry)}&owner=${owner}&limit=1000`,
    );
    const [m] = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM target_accounts t JOIN accounts a USING (account_id)
       WHERE t.as_of = (SELECT max(as_of) FROM target_accounts) AND a.industry = $industry AND a.owner_id = $owner`,
      { industry, owner },
    );
    expect(both.body.total).toBe(m?.n);
    expect(both.body.rows.every((r) => r.industry === industry && r.owner_id === owner)).toBe(true);
    const sorted = await get<{ rows: { value: number }[] }>(
      "/v1/target-accounts?sort=value&dir=desc&limit=200",
    );
    const values = sorted.body.rows.map((r) => r.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const one = sorted.body.rows[0] as unknown as { account_id: string };
    const found = await get<{ total: number; rows: { account_id: string }[] }>(
      `/v1/target-accounts?q=${one.account_id.toLowerCase()}`,
    );
    expect(found.body.rows.map((r) => r.account_id)).toContain(one.account_id);
    // LIKE wildcards in the search are literal characters.
    const wild = await get<{ total: number }>("/v1/target-accounts?q=%25_%25");
    expect(wild.body.total).toBe(0);
  });

  it("bad queries are coded 400s naming the field", async () => {
    for (const [q, field] of [
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["sort=bogus", "sort"],
      ["offset=-1", "offset"],
      ["inMarket=maybe", "inMarket"],
    ] as const) {
      const r = await get<{ code: string; issues: { path: unknown[] }[] }>(
        `/v1/target-accounts?${q}`,
      );
      expect(r.status, q).toBe(400);
      expect(r.body.code).toBe("request_invalid");
      expect(r.body.issues[0]?.path).toContain(field);
    }
    const dim = await get<{ code: string }>("/v1/icp/segments?dims=industry,no_such_column");
    expect(dim.status).toBe(400);
    expect(dim.body.code).toBe("unknown_dimension");
    const missing = await get<{ code: string }>("/v1/plans/no-such-plan");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("scenario_not_found");
  });

  it("the plan rebuilt for the browser reports what the server stored", async () => {
    const detail = await get<{
      objective: number;
      reps: { id: string; ofTarget: (number | null)[] }[];
    }>("/v1/plans/demo");
    const model = await get<PortableScenario>("/v1/plans/demo/model");
    expect(model.status).toBe(200);
    // Through JSON, as the browser receives it.
    const { problem, rules, assign } = fromPortable(JSON.parse(JSON.stringify(model.body)));
    const report = reportPlan(problem, rules, assign);
    expect(report.objective).toBeCloseTo(detail.body.objective, 9);
    report.books.forEach((b, r) => {
      const stored = detail.body.reps[r]?.ofTarget ?? [];
      b.ofTarget.forEach((v, k) => {
        expect(v).toBeCloseTo(stored[k] ?? Number.NaN, 9);
      });
    });
  });

  it("an edit is checked by the core validator and saved; bad edits store nothing", async () => {
    const model = (await get<PortableScenario>("/v1/plans/demo/model")).body;
    const before = (await get<{ plans: { name: string }[] }>("/v1/plans")).body.plans.length;
    const bad = await app.request("/v1/plans/demo/edits", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        name: "bad-edit",
        moves: { NOPE: model.repIds[0], [model.accountIds[0] ?? ""]: "R-NONE" },
      }),
    });
    expect(bad.status).toBe(422);
    const codes = ((await bad.json()) as { issues: { code: string }[] }).issues.map((i) => i.code);
    expect(codes).toEqual(["plan_edit_unknown_account", "plan_edit_unknown_rep"]);
    const badName = await app.request("/v1/plans/demo/edits", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "has space", moves: {} }),
    });
    expect(badName.status).toBe(400);
    expect((await get<{ plans: unknown[] }>("/v1/plans")).body.plans.length).toBe(before);
    // Move the first three accounts to the rep after their current one.
    const moves: Record<string, string> = {};
    for (let i = 0; i < 3; i++) {
      const u = model.unitOf[i] ?? 0;
      const r = ((model.assign[u] ?? 0) + 1) % model.repIds.length;
      moves[model.accountIds[i] ?? ""] = model.repIds[r] ?? "";
    }
    const ok = await app.request("/v1/plans/demo/edits", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "api-edit", moves }),
    });
    expect(ok.status).toBe(201);
    const saved = (await ok.json()) as { moved: number; valid: boolean };
    expect(saved.moved).toBe(3);
    const { problem, rules, assign } = fromPortable(model);
    const expected = reportPlan(problem, rules, applyMoves(model, assign, moves).assign);
    const detail = (await get<{ objective: number; solver: string }>("/v1/plans/api-edit")).body;
    expect(detail.solver).toBe("manual");
    expect(detail.objective).toBeCloseTo(expected.objective, 9);
    expect(saved.valid).toBe(expected.valid);
    const cmp = (
      await get<{ differing: number; moved: { account_id: string; owner_b: string }[] }>(
        "/v1/plans/compare?a=demo&b=api-edit",
      )
    ).body;
    expect(cmp.differing).toBe(3);
    expect(Object.fromEntries(cmp.moved.map((m) => [m.account_id, m.owner_b]))).toEqual(moves);
    const again = await app.request("/v1/plans/demo/edits", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "api-edit", moves }),
    });
    expect(again.status).toBe(409);
  });

  it("books: lanes per rep and stage counts are the latest refresh's", async () => {
    const { status, body } = await get<{
      refresh: { refresh_id: number } | null;
      stages: { stage: string; accounts: number }[];
      reps: { rep_id: string; core: number }[];
    }>("/v1/books");
    expect(status).toBe(200);
    if (!body.refresh) return expect(body.stages).toEqual([]);
    const id = String(body.refresh.refresh_id);
    const want = await sql<{ stage: string; n: number }>(
      "SELECT stage, count(*) AS n FROM book_states WHERE refresh_id = CAST($id AS INTEGER) GROUP BY stage",
      { id },
    );
    expect(Object.fromEntries(body.stages.map((s) => [s.stage, s.accounts]))).toEqual(
      Object.fromEntries(want.map((w) => [w.stage, w.n])),
    );
    const core = await sql<{ rep: string; n: number }>(
      "SELECT ae_id AS rep, count(*) AS n FROM book_states WHERE refresh_id = CAST($id AS INTEGER) AND stage = 'core' GROUP BY ae_id",
      { id },
    );
    for (const c of core) expect(body.reps.find((r) => r.rep_id === c.rep)?.core).toBe(c.n);
  });

  it("every sort, either way, with or without a filter, pages like SQL's ORDER BY", async () => {
    const keys: Record<string, string> = {
      rank: 't."rank"',
      priority: "t.priority",
      value: 't."value"',
      fit: "t.fit",
      timing: "t.timing",
      name: "a.name",
      employees: "a.employees",
      account_id: "t.account_id",
    };
    for (const [sort, key] of Object.entries(keys))
      for (const dir of ["asc", "desc"] as const)
        for (const filter of ["", "tier=A"]) {
          const got: string[] = [];
          let total = -1;
          for (let offset = 0; total < 0 || offset < total; offset += 250) {
            const { body } = await get<{ total: number; rows: { account_id: string }[] }>(
              `/v1/target-accounts?sort=${sort}&dir=${dir}&limit=250&offset=${offset}&${filter}`,
            );
            total = body.total;
            got.push(...body.rows.map((r) => r.account_id));
          }
          // Descending: the ascending order reversed over rows with a value; nulls last both ways.
          const want = await sql<{ account_id: string }>(
            `SELECT t.account_id FROM target_accounts t LEFT JOIN accounts a USING (account_id)
             WHERE t.as_of = (SELECT max(as_of) FROM target_accounts) ${filter ? "AND t.tier = 'A'" : ""}
             ORDER BY ${key} ${dir} NULLS LAST, t."rank" ${dir}`,
          );
          expect(got, `${sort} ${dir} ${filter}`).toEqual(want.map((w) => w.account_id));
          expect(total).toBe(want.length);
        }
  });

  it("the plan model as bytes is the JSON model, gzipped, tagged, with the plan's report", async () => {
    const json = (await get<PortableScenario>("/v1/plans/demo/model")).body;
    const r = await app.request("/v1/plans/demo/model", {
      headers: { ...auth, accept: SCENARIO_BYTES, "accept-encoding": "gzip, deflate" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-encoding")).toBe("gzip");
    expect(r.headers.get("content-type")).toBe(SCENARIO_BYTES);
    const { scenario, extra } = decodePortable(gunzipSync(new Uint8Array(await r.arrayBuffer())));
    expect(scenario).toEqual(json);
    const { problem, rules, assign } = fromPortable(scenario);
    const report = (extra as { report: ReturnType<typeof reportPlan> }).report;
    expect(report).toEqual(reportPlan(problem, rules, assign));
    const etag = r.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request("/v1/plans/demo/model", {
      headers: { ...auth, accept: SCENARIO_BYTES, "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    // Without gzip in accept-encoding: plain bytes.
    const plain = await app.request("/v1/plans/demo/model", {
      headers: { ...auth, accept: SCENARIO_BYTES },
    });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(decodePortable(await plain.arrayBuffer()).scenario).toEqual(json);
  });

  it("capacity, quotas and coverage answer with figures that hold together", async () => {
    const cap = (
      await get<{
        missing: string | null;
        tiers: string[];
        regions: { accounts: number; aes_needed: number; gap: number; aes: number }[];
      }>("/v1/capacity")
    ).body;
    expect(cap.missing).toBeNull();
    const [listed] = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM target_accounts t JOIN accounts a USING (account_id)
       WHERE t.as_of = (SELECT max(as_of) FROM target_accounts) AND list_contains(CAST($tiers AS VARCHAR[]), t.tier)`,
      { tiers: `[${cap.tiers.join(",")}]` },
    );
    expect(cap.regions.reduce((s, r) => s + r.accounts, 0)).toBe(listed?.n);
    for (const r of cap.regions) expect(r.gap).toBe(r.aes - r.aes_needed);

    const q = (
      await get<{
        missing: string | null;
        target: number;
        p_attain: number;
        rows: { quota: number; p_attain: number }[];
      }>("/v1/quotas")
    ).body;
    expect(q.missing).toBeNull();
    expect(q.rows.length).toBeGreaterThan(0);
    expect(q.rows.reduce((s, r) => s + r.quota, 0)).toBeCloseTo(q.target, 2);
    expect(q.p_attain).toBeGreaterThan(0);
    expect(q.p_attain).toBeLessThan(1);
    const bad = await get<{ code: string }>("/v1/quotas?period=next-year");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("quota_period_invalid");

    const cov = (
      await get<{
        missing: string | null;
        multiple: number;
        forecast: { p10: number; p50: number; p90: number }[];
        rows: {
          remaining: number | null;
          qualified: number;
          coverage: number | null;
          flagged: boolean;
        }[];
      }>("/v1/coverage")
    ).body;
    expect(cov.missing).toBeNull();
    expect(cov.multiple).toBe(4);
    expect(cov.forecast.length).toBe(2);
    for (const f of cov.forecast) {
      expect(f.p10).toBeLessThanOrEqual(f.p50);
      expect(f.p50).toBeLessThanOrEqual(f.p90);
    }
    for (const r of cov.rows) {
      if (r.coverage !== null && r.remaining)
        expect(r.coverage).toBeCloseTo(r.qualified / r.remaining, 9);
      if (r.coverage !== null) expect(r.flagged).toBe(r.coverage < cov.multiple);
    }
    const six = (await get<{ multiple: number }>("/v1/coverage?multiple=6")).body;
    expect(six.multiple).toBe(6);
  });

  it("ICP execution splits the period by tier; routing says when the server does not route", async () => {
    const x = (
      await get<{
        missing: string | null;
        rows: { tier: string; accountShare: number; wonShare: number; lift: number | null }[];
      }>("/v1/icp/execution")
    ).body;
    if (!x.missing) {
      const shares = x.rows.filter((r) => r.tier !== "none");
      expect(shares.reduce((s, r) => s + r.accountShare, 0)).toBeCloseTo(1, 9);
      for (const r of shares)
        if (r.lift !== null) expect(r.lift).toBeCloseTo(r.wonShare / r.accountShare, 9);
    }
    const routing = (await get<{ enabled: boolean; decisions: number }>("/v1/routing")).body;
    expect(routing).toMatchObject({ enabled: false, decisions: 0 });
    expect((await get<{ total: number }>("/v1/routing/decisions")).body.total).toBe(0);
  });

  it("the OpenAPI document describes the web routes", async () => {
    const r = await app.request("/openapi.json");
    const doc = (await r.json()) as { paths: Record<string, unknown> };
    for (const p of [
      "/v1/overview",
      "/v1/icp/segments",
      "/v1/target-accounts",
      "/v1/plans",
      "/v1/plans/{name}",
      "/v1/plans/{name}/model",
      "/v1/plans/{name}/edits",
      "/v1/plans/compare",
      "/v1/books",
      "/v1/capacity",
      "/v1/quotas",
      "/v1/coverage",
      "/v1/routing",
      "/v1/routing/decisions",
      "/v1/icp/execution",
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});
